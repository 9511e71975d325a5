//! `invoice_payments`: which payment paid which invoice (`/v1/invoice_payments`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static INVOICE_PAYMENTS: Table = Table {
    name: "invoice_payments",
    description: "Invoice payments: each links an invoice to a payment (a payment intent, or \
                  an older charge) made or attempted for it, so invoices join payment_intents \
                  on payment_intent and charges on charge. Newest first.",
    endpoint: Endpoint::new("/v1/invoice_payments", Some("/v1/invoice_payments/{id}")),
    columns: &[
        id("Identifier of the invoice payment (inpay_...)."),
        object!("invoice_payment"),
        Column::new("invoice", Id, "Invoice the payment is for (in_...).")
            .filtered_by(Filter::Equals("invoice")),
        Column::new("payment", Json, "The payment (its type and id), as JSON."),
        Column::new("payment_type", Code, "Kind of payment: payment_intent, charge or payment_record.")
            .at("payment.type")
            .filtered_by(Filter::Equals("payment[type]")),
        Column::new("payment_intent", Id, "Payment intent of the payment (pi_...), when payment_type is payment_intent.")
            .at("payment.payment_intent")
            .filtered_by(Filter::Equals("payment[payment_intent]")),
        Column::new("charge", Id, "Charge of the payment (ch_...), when payment_type is charge.")
            .at("payment.charge"),
        Column::new("payment_record", Id, "Payment record of a payment made outside Stripe, when payment_type is payment_record.")
            .at("payment.payment_record")
            .filtered_by(Filter::Equals("payment[payment_record]")),
        Column::new("amount_requested", Integer, "Amount the invoice asked of this payment, in the smallest unit of `currency`."),
        Column::new("amount_paid", Integer, "Amount the payment paid towards the invoice, in the smallest currency unit; null until paid."),
        CURRENCY,
        Column::new("status", Code, "open, paid or canceled.")
            .filtered_by(Filter::Equals("status"))
            .one_of(&["canceled", "open", "paid"]),
        Column::new("is_default", Bool, "True for the invoice's default payment (the one Stripe created with the invoice)."),
        Column::new("status_transitions", Json, "When the payment was paid or canceled, as JSON."),
        Column::new("paid_at", Timestamp, "When the payment was paid (UTC).").at("status_transitions.paid_at"),
        Column::new("canceled_at", Timestamp, "When the payment was canceled (UTC).").at("status_transitions.canceled_at"),
        created("When the invoice payment was created (UTC, whole seconds)."),
        LIVEMODE,
    ],
};
