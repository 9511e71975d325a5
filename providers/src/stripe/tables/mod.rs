//! Every Stripe table, one file each: a `static` [`Table`] of declarative
//! columns, shared ones from [`super::columns`]. Adding a table is its file
//! and its line below.

use crate::table::Table;

/// Declares each table file as a module and lists its table in [`TABLES`].
macro_rules! tables {
    ($($file:ident::$table:ident),* $(,)?) => {
        $(pub mod $file;)*

        /// Every Stripe table, in the order catalogs list them (by name).
        pub static TABLES: &[&Table] = &[$(&$file::$table),*];
    };
}

tables! {
    account_capabilities::ACCOUNT_CAPABILITIES,
    account_external_accounts::ACCOUNT_EXTERNAL_ACCOUNTS,
    account_persons::ACCOUNT_PERSONS,
    accounts::ACCOUNTS,
    application_fee_refunds::APPLICATION_FEE_REFUNDS,
    application_fees::APPLICATION_FEES,
    balance::BALANCE,
    balance_transactions::BALANCE_TRANSACTIONS,
    billing_credit_balance_transactions::BILLING_CREDIT_BALANCE_TRANSACTIONS,
    billing_credit_grants::BILLING_CREDIT_GRANTS,
    billing_meter_event_summaries::BILLING_METER_EVENT_SUMMARIES,
    billing_meters::BILLING_METERS,
    charges::CHARGES,
    checkout_session_line_items::CHECKOUT_SESSION_LINE_ITEMS,
    checkout_sessions::CHECKOUT_SESSIONS,
    country_specs::COUNTRY_SPECS,
    coupons::COUPONS,
    credit_note_line_items::CREDIT_NOTE_LINE_ITEMS,
    credit_notes::CREDIT_NOTES,
    customer_balance_transactions::CUSTOMER_BALANCE_TRANSACTIONS,
    customer_cash_balance_transactions::CUSTOMER_CASH_BALANCE_TRANSACTIONS,
    customer_tax_ids::CUSTOMER_TAX_IDS,
    customers::CUSTOMERS,
    disputes::DISPUTES,
    early_fraud_warnings::EARLY_FRAUD_WARNINGS,
    events::EVENTS,
    file_links::FILE_LINKS,
    files::FILES,
    invoice_items::INVOICE_ITEMS,
    invoice_line_items::INVOICE_LINE_ITEMS,
    invoice_payments::INVOICE_PAYMENTS,
    invoices::INVOICES,
    payment_intents::PAYMENT_INTENTS,
    payment_link_line_items::PAYMENT_LINK_LINE_ITEMS,
    payment_links::PAYMENT_LINKS,
    payment_methods::PAYMENT_METHODS,
    payouts::PAYOUTS,
    plans::PLANS,
    prices::PRICES,
    products::PRODUCTS,
    promotion_codes::PROMOTION_CODES,
    quote_line_items::QUOTE_LINE_ITEMS,
    quotes::QUOTES,
    refunds::REFUNDS,
    reviews::REVIEWS,
    setup_attempts::SETUP_ATTEMPTS,
    setup_intents::SETUP_INTENTS,
    shipping_rates::SHIPPING_RATES,
    subscription_items::SUBSCRIPTION_ITEMS,
    subscription_schedules::SUBSCRIPTION_SCHEDULES,
    subscriptions::SUBSCRIPTIONS,
    tax_codes::TAX_CODES,
    tax_rates::TAX_RATES,
    tax_registrations::TAX_REGISTRATIONS,
    tax_transactions::TAX_TRANSACTIONS,
    topups::TOPUPS,
    transfer_reversals::TRANSFER_REVERSALS,
    transfers::TRANSFERS,
    webhook_endpoints::WEBHOOK_ENDPOINTS,
}
