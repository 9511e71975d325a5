//! The one tokio runtime of the process. Created on first use so that loading
//! the driver costs nothing; shared by every connection so that one HTTP
//! connection pool serves them all.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Runtime};

use crate::{Error, Result};

pub fn runtime() -> Result<&'static Runtime> {
    static RUNTIME: OnceLock<std::result::Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            #[cfg(windows)]
            crate::windows::pin_module();
            Builder::new_multi_thread()
                .thread_name("apiodbc")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Config(format!("cannot start the I/O runtime: {e}")))
}
