//! `balance`: the Stripe balance now, one row per kind and currency (`/v1/balance`).

use crate::stripe::columns::{CURRENCY};
use crate::table::ColumnKind::{Bool, Code, Integer, Json};
use crate::table::{Column, Endpoint, Table};

pub static BALANCE: Table = Table {
    name: "balance",
    description: "The account's balance right now: one row per kind of balance (available, \
                  pending, connect_reserved, instant_available, issuing_available) and currency. \
                  Read with one request; filters apply locally.",
    endpoint: Endpoint::unrolled(
        "/v1/balance",
        &[
            ("available", "available"),
            ("pending", "pending"),
            ("connect_reserved", "connect_reserved"),
            ("instant_available", "instant_available"),
            ("issuing_available", "issuing.available"),
        ],
    ),
    columns: &[
        Column::new(
            "kind",
            Code,
            "available (can be paid out), pending (not yet available), connect_reserved (held for \
             connected accounts' negative balances), instant_available (can be paid out \
             instantly) or issuing_available (for Issuing cards).",
        )
        .not_null(),
        CURRENCY
            .not_null(),
        Column::new(
            "amount",
            Integer,
            "Balance in the smallest unit of `currency` (cents for usd); may be negative.",
        )
        .not_null(),
        Column::new(
            "source_types",
            Json,
            "The amount by source of the funds, as JSON.",
        ),
        Column::new(
            "source_types_card",
            Integer,
            "Part of the amount from card payments, in the smallest currency unit.",
        )
        .at("source_types.card"),
        Column::new(
            "source_types_bank_account",
            Integer,
            "Part of the amount from bank debits, in the smallest currency unit.",
        )
        .at("source_types.bank_account"),
        Column::new(
            "source_types_fpx",
            Integer,
            "Part of the amount from FPX payments, in the smallest currency unit.",
        )
        .at("source_types.fpx"),
        Column::new(
            "net_available",
            Json,
            "For instant_available: the amount by payout destination, net of fees, as a JSON array.",
        ),
        Column::new(
            "livemode",
            Bool,
            "True for the live-mode balance, false for test mode.",
        ),
    ],
};
