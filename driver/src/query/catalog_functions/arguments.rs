//! The name arguments of the catalog functions: search patterns (`%`, `_`,
//! the escape), ordinary arguments and identifiers, as the ODBC reference
//! reads each under `SQL_ATTR_METADATA_ID`.

use super::PATTERN_ESCAPE;
use crate::diag::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Char(char),
    /// `_`: exactly one character.
    One,
    /// `%`: any run of characters.
    Any,
}

/// A catalog function's name argument, ready to match names with.
///
/// Names are lower-case and table lookup is case-insensitive, so patterns and
/// ordinary arguments match without regard to case; only a quoted identifier
/// (`SQL_ATTR_METADATA_ID` on) is compared exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// No restriction (a null argument).
    All,
    /// A search pattern, lower-cased.
    Pattern(Vec<Token>),
    /// One name.
    Exact { name: String, case_sensitive: bool },
}

impl Name {
    /// A pattern value argument (PV): `%`, `_` and `\` escapes, unless
    /// `SQL_ATTR_METADATA_ID` makes it an identifier.
    pub fn pattern(arg: Option<&str>, metadata_id: bool, what: &str) -> Result<Name> {
        if metadata_id {
            return Self::identifier(arg, what);
        }
        let Some(arg) = arg else {
            return Ok(Name::All);
        };
        let mut tokens = Vec::new();
        let mut chars = arg.chars();
        while let Some(c) = chars.next() {
            tokens.push(match c {
                '%' => Token::Any,
                '_' => Token::One,
                PATTERN_ESCAPE => Token::Char(chars.next().unwrap_or(PATTERN_ESCAPE)),
                c => Token::Char(c),
            });
        }
        if tokens.iter().all(|t| matches!(t, Token::Char(_))) {
            let name = tokens
                .iter()
                .map(|t| match t {
                    Token::Char(c) => *c,
                    _ => unreachable!(),
                })
                .collect();
            return Ok(Name::Exact {
                name,
                case_sensitive: false,
            });
        }
        Ok(Name::Pattern(
            tokens
                .into_iter()
                .flat_map(|t| match t {
                    Token::Char(c) => c.to_lowercase().map(Token::Char).collect::<Vec<_>>(),
                    t => vec![t],
                })
                .collect(),
        ))
    }

    /// An ordinary argument (OA): a name taken literally, unless
    /// `SQL_ATTR_METADATA_ID` makes it an identifier.
    pub fn ordinary(arg: Option<&str>, metadata_id: bool, what: &str) -> Result<Name> {
        if metadata_id {
            return Self::identifier(arg, what);
        }
        Ok(match arg {
            None => Name::All,
            Some(s) => Name::Exact {
                name: s.to_string(),
                case_sensitive: false,
            },
        })
    }

    /// An identifier argument: a quoted name is exact, an unquoted one is
    /// case-insensitive with trailing blanks ignored. Null is not allowed.
    pub fn identifier(arg: Option<&str>, what: &str) -> Result<Name> {
        let arg = arg.ok_or_else(|| Error::null_pointer(what))?;
        let trimmed = arg.trim();
        if trimmed.len() >= 2 && trimmed.starts_with('"') && trimmed.ends_with('"') {
            let inner = &trimmed[1..trimmed.len() - 1];
            return Ok(Name::Exact {
                name: inner.replace("\"\"", "\""),
                case_sensitive: true,
            });
        }
        Ok(Name::Exact {
            name: trimmed.to_string(),
            case_sensitive: false,
        })
    }

    /// A catalog or schema argument: every catalog and schema has a name, so an
    /// empty string ("objects without a schema") is read as no restriction,
    /// which is what the clients that send it mean.
    pub(super) fn qualifier(self) -> Name {
        match self {
            Name::Exact { name, .. } if name.is_empty() => Name::All,
            Name::Pattern(p) if p.is_empty() => Name::All,
            n => n,
        }
    }

    pub fn matches(&self, candidate: &str) -> bool {
        match self {
            Name::All => true,
            Name::Exact {
                name,
                case_sensitive: true,
            } => name == candidate,
            Name::Exact { name, .. } => {
                name == candidate || name.to_lowercase() == candidate.to_lowercase()
            }
            Name::Pattern(tokens) => {
                let text: Vec<char> = candidate.to_lowercase().chars().collect();
                like(tokens, &text)
            }
        }
    }

    /// The one name this argument can match, when it is not a real pattern:
    /// lets a call skip listing (and paying for) every schema.
    pub fn literal(&self) -> Option<String> {
        match self {
            Name::Exact {
                name,
                case_sensitive: true,
            } => Some(name.clone()),
            Name::Exact { name, .. } => Some(name.to_lowercase()),
            _ => None,
        }
    }
}

/// LIKE matching over characters: `%` any run, `_` one character.
pub(super) fn like(pattern: &[Token], text: &[char]) -> bool {
    // Iterative matching with backtracking to the last `%`.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Token::Any) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Token::One) => {
                p += 1;
                t += 1;
            }
            Some(Token::Char(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|t| *t == Token::Any)
}

/// The `TableType` argument of `SQLTables`: `TABLE`, `'TABLE','VIEW'`, ...
/// `None` means every type.
pub(super) fn table_types(arg: Option<&str>) -> Option<Vec<String>> {
    let arg = arg?;
    let types: Vec<String> = arg
        .split(',')
        .map(|t| t.trim().trim_matches('\'').trim().to_uppercase())
        .filter(|t| !t.is_empty())
        .collect();
    if types.is_empty() || types.iter().any(|t| t == "%") {
        None
    } else {
        Some(types)
    }
}
