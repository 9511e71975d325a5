//! The process-wide response cache behind `CacheTTL`.
//!
//! A dashboard that refreshes every minute asks the same questions again and
//! again; within the TTL the answers come from memory and cost no request and
//! no rate-limit budget. Entries are keyed by the credentials' identity (a
//! SHA-256 of what authenticates the request, never the secret itself) and
//! the full URL, so connections with other keys or accounts never see each
//! other's data. Successful bodies are kept as the bytes the API sent, which
//! bounds memory exactly ([`MAX_BYTES`]); errors are never cached.
//!
//! Freshness is judged by the reader: an entry serves a connection whose
//! `CacheTTL` has not elapsed since it was stored.

use std::collections::{HashMap, VecDeque};
use std::sync::{LazyLock, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use bytes::Bytes;
use sha2::{Digest, Sha256};

/// Most response bytes the process keeps; the oldest go first beyond it.
pub const MAX_BYTES: usize = 256 * 1024 * 1024;

/// Who is asking: a digest of the credentials and account headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Identity(pub(crate) [u8; 32]);

impl Identity {
    /// Digests every part (length-prefixed, so parts cannot run together).
    pub fn of<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Identity {
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        Identity(hasher.finalize().into())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub identity: Identity,
    pub url: String,
}

struct Entry {
    body: Bytes,
    stored: Instant,
    /// The TTL of the connection that stored it: after it, nobody is served.
    expires: Instant,
}

#[derive(Default)]
struct Cache {
    entries: HashMap<Key, Entry>,
    /// Keys in the order they were stored, for eviction (may hold stale keys).
    order: VecDeque<(Key, Instant)>,
    bytes: usize,
}

fn cache() -> MutexGuard<'static, Cache> {
    static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(Mutex::default);
    CACHE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The body stored for `key` less than `ttl` ago.
pub fn get(key: &Key, ttl: Duration) -> Option<Bytes> {
    let cache = cache();
    let entry = cache.entries.get(key)?;
    let now = Instant::now();
    (now.duration_since(entry.stored) < ttl && now < entry.expires).then(|| entry.body.clone())
}

/// Keeps `body` for `key`, replacing an older answer, then evicts what has
/// expired and, beyond [`MAX_BYTES`], the oldest entries.
pub fn put(key: Key, body: Bytes, ttl: Duration) {
    if body.len() > MAX_BYTES {
        return;
    }
    let now = Instant::now();
    let mut cache = cache();
    let cache = &mut *cache;
    cache.bytes += body.len();
    cache.order.push_back((key.clone(), now));
    if let Some(old) = cache.entries.insert(
        key,
        Entry {
            body,
            stored: now,
            expires: now + ttl,
        },
    ) {
        cache.bytes -= old.body.len();
    }
    while let Some((key, stored)) = cache.order.front() {
        let current = cache.entries.get(key).filter(|e| e.stored == *stored);
        let drop = match current {
            // Superseded by a later answer for the same URL.
            None => true,
            Some(entry) => cache.bytes > MAX_BYTES || entry.expires <= now,
        };
        if !drop {
            break;
        }
        let (key, _) = cache.order.pop_front().expect("front exists");
        if current.is_some()
            && let Some(entry) = cache.entries.remove(&key)
        {
            cache.bytes -= entry.body.len();
        }
    }
}

/// Forgets every cached response (`RefreshCache`); returns how many there were.
pub fn clear() -> usize {
    let mut cache = cache();
    let count = cache.entries.len();
    *cache = Cache::default();
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(url: &str, who: &str) -> Key {
        Key {
            identity: Identity::of([who.as_bytes()]),
            url: url.into(),
        }
    }

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn answers_within_the_readers_ttl_only() {
        let k = key("http://x/cache-test/ttl", "a");
        put(k.clone(), Bytes::from_static(b"{}"), MINUTE);
        assert_eq!(get(&k, MINUTE).as_deref(), Some(&b"{}"[..]));
        assert_eq!(get(&k, Duration::ZERO), None);
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(get(&k, Duration::from_millis(10)), None);
    }

    #[test]
    fn identities_and_urls_are_separate() {
        let k = key("http://x/cache-test/who", "alice");
        put(k.clone(), Bytes::from_static(b"1"), MINUTE);
        assert!(get(&key("http://x/cache-test/who", "bob"), MINUTE).is_none());
        assert!(get(&key("http://x/cache-test/who?a=1", "alice"), MINUTE).is_none());
        assert!(get(&k, MINUTE).is_some());
    }

    #[test]
    fn identity_parts_cannot_run_together() {
        assert_ne!(
            Identity::of([&b"ab"[..], b"c"]),
            Identity::of([&b"a"[..], b"bc"])
        );
    }

    #[test]
    fn a_newer_answer_replaces_the_older() {
        let k = key("http://x/cache-test/replace", "a");
        put(k.clone(), Bytes::from_static(b"old"), MINUTE);
        put(k.clone(), Bytes::from_static(b"new"), MINUTE);
        assert_eq!(get(&k, MINUTE).as_deref(), Some(&b"new"[..]));
    }
}
