//! The handle registry. ODBC handles given to the client are opaque tokens,
//! never pointers: every call looks its token up here, so a freed, foreign,
//! null or wrongly typed handle is answered `SQL_INVALID_HANDLE` instead of
//! being dereferenced. Tokens are never reused, so a use after free is caught
//! even when a new handle was allocated since.

pub mod attrs;
mod conn;
mod cursor;
mod desc;
pub mod desc_fields;
pub mod env;
pub mod lifecycle;
pub mod params;
mod stmt;

use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use parking_lot::{Mutex, RwLock};
use tokio_util::sync::CancellationToken;

pub use conn::Conn;
pub use desc::{Desc, DescKind, DescRecord, Ptr};
pub use env::Env;
pub use stmt::{ParamSets, SetRun, Stmt, no_cursor};

use crate::diag::Diagnostics;

/// One allocated handle: its state, its diagnostic area (locked separately so
/// diagnostics can be read while a call is running), a cancellation token
/// that `SQLCancel` can fire from another thread without taking the state lock,
/// and how many calls are running on it, so `SQLCancel` knows whether it
/// cancels a call (which owns the diagnostics) or closes an idle cursor.
pub struct Handle<T> {
    token: usize,
    pub state: Mutex<T>,
    pub diag: Mutex<Diagnostics>,
    cancel: Mutex<CancellationToken>,
    calls: AtomicUsize,
}

/// A call in progress on a handle; dropping it ends the call.
pub struct Running<'a>(&'a AtomicUsize);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl<T> Handle<T> {
    /// The opaque value the client holds.
    pub fn as_ptr(&self) -> *mut c_void {
        self.token as *mut c_void
    }

    /// The token a new operation watches for cancellation.
    pub fn cancellation(&self) -> CancellationToken {
        self.cancel.lock().clone()
    }

    /// Cancels the running operation and arms a fresh token for the next one.
    pub fn cancel(&self) {
        std::mem::take(&mut *self.cancel.lock()).cancel();
    }

    /// Marks a call as running until the returned guard is dropped.
    pub fn enter(&self) -> Running<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Running(&self.calls)
    }

    /// Whether a call is running on the handle (in another thread).
    pub fn is_running(&self) -> bool {
        self.calls.load(Ordering::SeqCst) > 0
    }
}

/// The four kinds of handle, as stored in the registry.
#[derive(Clone)]
pub enum Object {
    Env(Arc<Handle<Env>>),
    Conn(Arc<Handle<Conn>>),
    Stmt(Arc<Handle<Stmt>>),
    Desc(Arc<Handle<Desc>>),
}

impl Object {
    /// The handle's diagnostic area, whatever its type.
    pub fn diag(&self) -> &Mutex<Diagnostics> {
        match self {
            Object::Env(h) => &h.diag,
            Object::Conn(h) => &h.diag,
            Object::Stmt(h) => &h.diag,
            Object::Desc(h) => &h.diag,
        }
    }

    /// The `SQL_HANDLE_*` code of the handle's type.
    pub fn type_code(&self) -> i16 {
        match self {
            Object::Env(_) => 1,
            Object::Conn(_) => 2,
            Object::Stmt(_) => 3,
            Object::Desc(_) => 4,
        }
    }
}

/// Ties a state type to its registry variant.
pub trait Kind: Sized + Send + 'static {
    fn wrap(handle: Arc<Handle<Self>>) -> Object;
    fn unwrap(object: &Object) -> Option<Arc<Handle<Self>>>;
}

macro_rules! kind {
    ($state:ty, $variant:ident) => {
        impl Kind for $state {
            fn wrap(handle: Arc<Handle<Self>>) -> Object {
                Object::$variant(handle)
            }
            fn unwrap(object: &Object) -> Option<Arc<Handle<Self>>> {
                match object {
                    Object::$variant(h) => Some(h.clone()),
                    _ => None,
                }
            }
        }
    };
}
kind!(Env, Env);
kind!(Conn, Conn);
kind!(Stmt, Stmt);
kind!(Desc, Desc);

/// Token spacing: tokens are multiples of 16 starting well above the null
/// page, so they look nothing like small integers a client might pass by mistake.
const STRIDE: usize = 16;

static NEXT: AtomicUsize = AtomicUsize::new(0x1000);
static REGISTRY: LazyLock<RwLock<HashMap<usize, Object>>> = LazyLock::new(Default::default);

/// Registers a new handle and returns it.
pub fn alloc<T: Kind>(state: T) -> Arc<Handle<T>> {
    let token = NEXT.fetch_add(STRIDE, Ordering::Relaxed);
    let handle = Arc::new(Handle {
        token,
        state: Mutex::new(state),
        diag: Mutex::new(Diagnostics::default()),
        cancel: Mutex::new(CancellationToken::new()),
        calls: AtomicUsize::new(0),
    });
    REGISTRY.write().insert(token, T::wrap(handle.clone()));
    handle
}

/// Finds a live handle of type `T`.
pub fn get<T: Kind>(ptr: *mut c_void) -> Option<Arc<Handle<T>>> {
    lookup(ptr).as_ref().and_then(T::unwrap)
}

/// Finds a live handle of any type.
pub fn lookup(ptr: *mut c_void) -> Option<Object> {
    REGISTRY.read().get(&(ptr as usize)).cloned()
}

/// Removes a handle; later lookups of its token fail.
pub fn remove(ptr: *mut c_void) -> Option<Object> {
    REGISTRY.write().remove(&(ptr as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_and_foreign_handles_are_not_found() {
        let env = alloc(Env::default());
        let ptr = env.as_ptr();
        assert!(get::<Env>(ptr).is_some());
        assert!(get::<Conn>(ptr).is_none(), "wrong type");
        assert!(get::<Env>(std::ptr::null_mut()).is_none());
        assert!(get::<Env>(0xdead_beef as *mut c_void).is_none());
        remove(ptr);
        assert!(get::<Env>(ptr).is_none(), "use after free");
        let again = alloc(Env::default());
        assert_ne!(again.as_ptr(), ptr, "tokens are never reused");
        remove(again.as_ptr());
    }
}
