//! Keeps the library mapped after `dlclose`: the tokio runtime's threads and
//! thread-local destructors outlive the last connection, and unmapping code
//! they still run would crash the host application.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,nodelete");
    }
}
