//! Allocating and freeing handles with the rules ODBC sets between parents
//! and children.

use std::ffi::c_void;
use std::sync::Arc;

use super::{Conn, Desc, DescKind, Env, Handle, Object, Stmt, alloc, get, remove};
use crate::diag::{Error, Result};

/// A new connection on `env`; the application must have chosen an ODBC version.
pub fn alloc_conn(env: &Arc<Handle<Env>>) -> Result<Arc<Handle<Conn>>> {
    let mut state = env.state.lock();
    if state.odbc_version == 0 {
        return Err(Error::sequence(
            "set SQL_ATTR_ODBC_VERSION before allocating a connection",
        ));
    }
    state.connections += 1;
    Ok(alloc(Conn::new(env.clone())))
}

/// A new statement or explicit descriptor on a connected connection.
pub fn alloc_child<T: super::Kind>(
    conn: &Arc<Handle<Conn>>,
    make: impl FnOnce() -> T,
) -> Result<Arc<Handle<T>>> {
    let mut state = conn.state.lock();
    if state.session.is_none() {
        return Err(Error::connection_not_open("connection not open"));
    }
    let child = alloc(make());
    state.children.push(child.as_ptr() as usize);
    Ok(child)
}

/// A new statement with its implicit descriptors.
pub fn alloc_stmt(conn: &Arc<Handle<Conn>>) -> Result<Arc<Handle<Stmt>>> {
    alloc_child(conn, || Stmt::new(conn.clone()))
}

/// A new explicit descriptor, usable as any statement's ARD or APD.
pub fn alloc_desc(conn: &Arc<Handle<Conn>>) -> Result<Arc<Handle<Desc>>> {
    alloc_child(conn, || {
        Desc::new(DescKind::Ard, Some(conn.as_ptr() as usize))
    })
}

/// Frees a handle of any type, refusing what ODBC refuses.
pub fn free(object: Object) -> Result<()> {
    match object {
        Object::Env(env) => {
            if env.state.lock().connections > 0 {
                return Err(Error::sequence(
                    "free every connection before the environment",
                ));
            }
            remove(env.as_ptr());
            // The driver manager may unload the library after this.
            crate::query::control::join_abandoned();
        }
        Object::Conn(conn) => {
            if conn.state.lock().session.is_some() {
                return Err(Error::sequence("disconnect before freeing the connection"));
            }
            let env = conn.state.lock().env.clone();
            remove(conn.as_ptr());
            env.state.lock().connections -= 1;
        }
        Object::Stmt(stmt) => {
            let conn = stmt.state.lock().conn.clone();
            conn.state
                .lock()
                .children
                .retain(|c| *c != stmt.as_ptr() as usize);
            free_stmt(&stmt);
        }
        Object::Desc(desc) => {
            let Some(conn_token) = desc.state.lock().explicit_on else {
                return Err(Error::implicit_descriptor(
                    "invalid use of an automatically allocated descriptor handle",
                ));
            };
            if let Some(conn) = get::<Conn>(conn_token as *mut c_void) {
                conn.state
                    .lock()
                    .children
                    .retain(|c| *c != desc.as_ptr() as usize);
                release_explicit_desc(&conn, &desc);
            }
            remove(desc.as_ptr());
        }
    }
    Ok(())
}

/// Frees every statement and explicit descriptor of a connection (`SQLDisconnect`).
pub fn free_children(conn: &Arc<Handle<Conn>>) {
    let children = std::mem::take(&mut conn.state.lock().children);
    for token in children {
        // Explicit descriptors need nothing beyond leaving the registry.
        if let Some(Object::Stmt(stmt)) = remove(token as *mut c_void) {
            free_stmt(&stmt);
        }
    }
}

fn free_stmt(stmt: &Arc<Handle<Stmt>>) {
    stmt.cancel();
    let state = stmt.state.lock();
    for desc in state.implicit_descriptors() {
        remove(desc);
    }
    remove(stmt.as_ptr());
}

/// Statements that used a freed explicit descriptor fall back to their implicit ones.
fn release_explicit_desc(conn: &Arc<Handle<Conn>>, desc: &Arc<Handle<Desc>>) {
    let children = conn.state.lock().children.clone();
    for token in children {
        if let Some(stmt) = get::<Stmt>(token as *mut c_void) {
            let mut s = stmt.state.lock();
            if Arc::ptr_eq(&s.ard, desc) {
                s.ard = s.implicit_ard.clone();
            }
            if Arc::ptr_eq(&s.apd, desc) {
                s.apd = s.implicit_apd.clone();
            }
        }
    }
}
