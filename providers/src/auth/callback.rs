//! The one-shot web server the authorization page sends the browser back to
//! (`CallbackURL`): it listens on 127.0.0.1 only, on the URL's port, takes
//! the first answer whose `state` matches the sign-in in progress, refuses
//! any other, and stops listening as soon as it has its answer.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use url::Url;

use crate::{Error, Result};

/// What the authorization page answered.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    /// The user approved: the code to exchange for tokens.
    Code(String),
    /// The user (or the server) refused: `error` and its description.
    Refused(String),
}

/// The callback URL's parts the server needs.
#[derive(Debug, Clone)]
pub struct Target {
    pub port: u16,
    pub path: String,
}

impl Target {
    /// Checks `CallbackURL`: plain http on this machine, with a port.
    pub fn parse(callback_url: &str) -> Result<Target> {
        let invalid = |why: &str| {
            Error::Config(format!(
                "CallbackURL '{callback_url}' {why}: use http://localhost:PORT, registered as the \
                 redirect URL of your OAuth application"
            ))
        };
        let url = Url::parse(callback_url).map_err(|_| invalid("is not a URL"))?;
        if url.scheme() != "http" {
            return Err(invalid(
                "must use http (the answer never leaves this machine)",
            ));
        }
        match url.host_str() {
            Some("localhost" | "127.0.0.1" | "[::1]") => {}
            _ => return Err(invalid("must name this machine (localhost)")),
        }
        let port = url
            .port_or_known_default()
            .ok_or_else(|| invalid("has no port"))?;
        Ok(Target {
            port,
            path: url.path().to_string(),
        })
    }
}

struct Shared {
    path: String,
    state: String,
    answer: Mutex<Option<oneshot::Sender<Answer>>>,
    refused: AtomicUsize,
}

/// A listening callback server; dropping it closes the port.
pub struct Callback {
    listener: TcpListener,
    shared: Arc<Shared>,
    answer: oneshot::Receiver<Answer>,
}

impl Callback {
    /// Listens on `127.0.0.1:<port of CallbackURL>` for the answer to the
    /// sign-in identified by `state`.
    pub async fn bind(target: &Target, state: &str) -> Result<Callback> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, target.port));
        let listener = TcpListener::bind(addr).await.map_err(|e| {
            Error::Config(format!(
                "cannot listen on {addr} for the OAuth sign-in answer ({e}): \
                 choose a free port in CallbackURL and register it with your OAuth application"
            ))
        })?;
        let (tx, rx) = oneshot::channel();
        Ok(Callback {
            listener,
            shared: Arc::new(Shared {
                path: target.path.clone(),
                state: state.to_string(),
                answer: Mutex::new(Some(tx)),
                refused: AtomicUsize::new(0),
            }),
            answer: rx,
        })
    }

    /// How many answers were refused because their `state` did not match.
    pub fn refused(&self) -> usize {
        self.shared.refused.load(Ordering::Relaxed)
    }

    /// Serves requests until one carries the answer; cancel-safe (drop the
    /// future to give up).
    pub async fn wait(&mut self) -> Answer {
        loop {
            tokio::select! {
                answer = &mut self.answer => {
                    // The sender lives in `shared` until it sends, so this
                    // is the answer.
                    return answer.unwrap_or_else(|_| Answer::Refused("no answer".into()));
                }
                accepted = self.listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let shared = Arc::clone(&self.shared);
                    let service = service_fn(move |request| {
                        let response = shared.respond(&request);
                        async move { Ok::<_, Infallible>(response) }
                    });
                    tokio::spawn(
                        http1::Builder::new()
                            .keep_alive(false)
                            .serve_connection(TokioIo::new(stream), service),
                    );
                }
            }
        }
    }
}

impl Shared {
    fn respond(&self, request: &Request<Incoming>) -> Response<Full<Bytes>> {
        if request.uri().path() != self.path {
            return page(StatusCode::NOT_FOUND, "Not found.");
        }
        let query: Vec<(String, String)> =
            url::form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes())
                .into_owned()
                .collect();
        let field = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        if field("state") != Some(self.state.as_str()) {
            self.refused.fetch_add(1, Ordering::Relaxed);
            log::warn!("refused an OAuth sign-in answer whose state does not match");
            return page(
                StatusCode::BAD_REQUEST,
                "This answer does not belong to the sign-in in progress (wrong state) and was ignored.",
            );
        }
        let answer = match (field("code"), field("error")) {
            (_, Some(error)) => {
                let description = field("error_description").unwrap_or_default();
                Answer::Refused(format!("{error} {description}").trim().to_string())
            }
            (Some(code), None) if !code.is_empty() => Answer::Code(code.to_string()),
            _ => {
                return page(
                    StatusCode::BAD_REQUEST,
                    "The answer carries neither a code nor an error.",
                );
            }
        };
        let refused = matches!(answer, Answer::Refused(_));
        let sender = self.answer.lock().unwrap_or_else(|e| e.into_inner()).take();
        match sender.map(|s| s.send(answer)) {
            Some(Ok(())) if refused => page(
                StatusCode::OK,
                "The sign-in was refused. You can close this window.",
            ),
            Some(Ok(())) => page(
                StatusCode::OK,
                "Signed in. You can close this window and return to your application.",
            ),
            _ => page(StatusCode::GONE, "This sign-in is already complete."),
        }
    }
}

fn page(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>apiodbc</title></head>\
         <body><p>{text}</p></body></html>"
    );
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}
