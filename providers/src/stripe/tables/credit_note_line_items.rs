//! `credit_note_line_items`: the lines of credit notes, listed per credit note
//! (`/v1/credit_notes/{id}/lines`).

use super::credit_notes::CREDIT_NOTES;
use crate::stripe::columns::{LIVEMODE, object};
use crate::table::ColumnKind::{Code, Id, Integer, Json, Text};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static CREDIT_NOTE_LINE_ITEMS: Table = Table {
    name: "credit_note_line_items",
    description: "Lines of credit notes. A filter on credit_note_id (= or IN) lists under those \
                  credit notes only; otherwise every credit note is listed and its lines are read.",
    endpoint: Endpoint::new("/v1/credit_notes/{parent}/lines", None)
        .under(Parent::in_path(&CREDIT_NOTES)),
    columns: &[
        Column::new("credit_note_id", Id, "Credit note the line belongs to (cn_...).")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the line (cnli_...).").not_null(),
        object!("credit_note_line_item"),
        Column::new("type", Code, "invoice_line_item (credits an invoice line) or custom_line_item."),
        Column::new("description", Text, "Description of the line."),
        Column::new("invoice_line_item", Id, "Invoice line credited (il_...)."),
        Column::new("quantity", Integer, "Quantity credited."),
        Column::new("unit_amount", Integer, "Unit amount of a custom line, in the smallest currency unit."),
        Column::new("unit_amount_decimal", Text, "Unit amount of a custom line, as a decimal string."),
        Column::new("amount", Integer, "Amount credited, in the smallest currency unit of the credit note."),
        Column::new("discount_amount", Integer, "Discount credited, in the smallest currency unit."),
        Column::new("discount_amounts", Json, "Discount amounts credited, as a JSON array."),
        Column::new("pretax_credit_amounts", Json, "Credits applied before tax, as a JSON array."),
        Column::new("tax_rates", Json, "Tax rates of the line, as a JSON array."),
        Column::new("taxes", Json, "Taxes credited, as a JSON array."),
        LIVEMODE,
        Column::new("metadata", Json, "Key-value pairs attached to the line, as a JSON object."),
    ],
};
