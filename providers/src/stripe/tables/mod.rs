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
    accounts::ACCOUNTS,
    application_fee_refunds::APPLICATION_FEE_REFUNDS,
    application_fees::APPLICATION_FEES,
    balance::BALANCE,
    balance_transactions::BALANCE_TRANSACTIONS,
    charges::CHARGES,
    checkout_session_line_items::CHECKOUT_SESSION_LINE_ITEMS,
    checkout_sessions::CHECKOUT_SESSIONS,
    coupons::COUPONS,
    credit_note_line_items::CREDIT_NOTE_LINE_ITEMS,
    credit_notes::CREDIT_NOTES,
    customer_balance_transactions::CUSTOMER_BALANCE_TRANSACTIONS,
    customer_tax_ids::CUSTOMER_TAX_IDS,
    customers::CUSTOMERS,
    disputes::DISPUTES,
    early_fraud_warnings::EARLY_FRAUD_WARNINGS,
    events::EVENTS,
    file_links::FILE_LINKS,
    files::FILES,
    invoice_items::INVOICE_ITEMS,
    invoice_line_items::INVOICE_LINE_ITEMS,
    invoices::INVOICES,
    payment_intents::PAYMENT_INTENTS,
    payment_links::PAYMENT_LINKS,
    payment_methods::PAYMENT_METHODS,
    payouts::PAYOUTS,
    plans::PLANS,
    prices::PRICES,
    products::PRODUCTS,
    promotion_codes::PROMOTION_CODES,
    quotes::QUOTES,
    refunds::REFUNDS,
    reviews::REVIEWS,
    setup_intents::SETUP_INTENTS,
    shipping_rates::SHIPPING_RATES,
    subscription_items::SUBSCRIPTION_ITEMS,
    subscription_schedules::SUBSCRIPTION_SCHEDULES,
    subscriptions::SUBSCRIPTIONS,
    tax_rates::TAX_RATES,
    tax_registrations::TAX_REGISTRATIONS,
    topups::TOPUPS,
    transfer_reversals::TRANSFER_REVERSALS,
    transfers::TRANSFERS,
    webhook_endpoints::WEBHOOK_ENDPOINTS,
}
