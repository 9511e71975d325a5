//! libapiodbc: an ODBC 3.80 driver that answers SQL over the Stripe and
//! Bitbucket Cloud APIs.
//!
//! `ffi` holds the exported C functions, thin shims that catch panics, look
//! handles up in the registry and call the safe code in `handles`, `convert`
//! and `query`. The planner (`query`) runs SQL through DataFusion over the
//! tables of `apiodbc-providers`.

mod connect;
mod connection_string;
mod convert;
mod diag;
mod dsn;
mod ffi;
mod handles;
mod info;
mod logging;
mod query;
#[cfg(any(windows, test))]
mod setup;
mod wchar;
