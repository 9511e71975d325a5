//! Just enough of OpenAPI/Swagger schemas to ask which fields an object has:
//! `$ref`, `allOf`/`anyOf`/`oneOf`, `properties`, array `items`.

use std::collections::BTreeMap;

use serde_json::Value as Json;

/// A spec document and the JSON pointers its `$ref`s name.
pub struct Spec {
    pub root: Json,
}

impl Spec {
    /// The schema a `$ref` names (`#/definitions/x`, `#/components/schemas/x`), or `schema` itself.
    pub fn resolve<'a>(&'a self, schema: &'a Json) -> &'a Json {
        match schema.get("$ref").and_then(Json::as_str) {
            Some(pointer) => self
                .root
                .pointer(pointer.trim_start_matches('#'))
                .map_or(schema, |s| self.resolve(s)),
            None => schema,
        }
    }

    /// Every property of an object schema, over its `allOf`/`anyOf`/`oneOf`
    /// parts (an expandable Stripe field is a string or the object) and over
    /// the subtypes that extend it (a Bitbucket `account` may be a `user`, a
    /// pipeline's state a completed state with a result); an array's
    /// properties are its items'.
    pub fn properties<'a>(&'a self, schema: &'a Json) -> BTreeMap<&'a str, &'a Json> {
        let mut properties = BTreeMap::new();
        self.collect(schema, true, &mut Vec::new(), &mut properties);
        properties
    }

    /// The fields every object of a schema has: its properties without
    /// those of its subtypes (a branch is a `ref`, not a tag's fields).
    pub fn fields<'a>(&'a self, schema: &'a Json) -> BTreeMap<&'a str, &'a Json> {
        let mut properties = BTreeMap::new();
        self.collect(schema, false, &mut Vec::new(), &mut properties);
        properties
    }

    /// Adds the properties of `schema`, and of its subtypes when `subtypes`.
    /// The parts of an `allOf` are supertypes: their subtypes are the
    /// schema's siblings (a branch's `ref` is also a tag's), never its own.
    fn collect<'a>(
        &'a self,
        schema: &'a Json,
        subtypes: bool,
        seen: &mut Vec<&'a str>,
        properties: &mut BTreeMap<&'a str, &'a Json>,
    ) {
        if let Some(pointer) = schema.get("$ref").and_then(Json::as_str) {
            if seen.contains(&pointer) {
                return;
            }
            seen.push(pointer);
            let target = self.resolve(schema);
            if subtypes {
                for subtype in self.subtypes(pointer) {
                    self.collect(subtype, true, seen, properties);
                }
            }
            return self.collect(target, subtypes, seen, properties);
        }
        if let Some(items) = schema.get("items") {
            self.collect(items, true, seen, properties);
        }
        if let Some(own) = schema.get("properties").and_then(Json::as_object) {
            properties.extend(own.iter().map(|(k, v)| (k.as_str(), v)));
        }
        for (combinator, alternatives) in [("allOf", false), ("anyOf", true), ("oneOf", true)] {
            for part in schema
                .get(combinator)
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
            {
                self.collect(part, subtypes && alternatives, seen, properties);
            }
        }
    }

    /// The definitions whose `allOf` extends the one `pointer` names.
    fn subtypes<'a>(&'a self, pointer: &str) -> Vec<&'a Json> {
        let definitions = self
            .root
            .get("definitions")
            .or_else(|| self.root.pointer("/components/schemas"))
            .and_then(Json::as_object);
        definitions
            .into_iter()
            .flatten()
            .map(|(_, definition)| definition)
            .filter(|definition| {
                definition["allOf"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|part| part["$ref"] == pointer)
            })
            .collect()
    }

    /// Whether the dotted path names a field of the schema. An object
    /// without declared properties (metadata, free-form JSON) takes any path.
    pub fn has_path(&self, schema: &Json, path: &[&str]) -> bool {
        let Some((first, rest)) = path.split_first() else {
            return true;
        };
        let properties = self.properties(schema);
        match properties.get(first) {
            Some(field) => self.has_path(field, rest),
            None => properties.is_empty() && !self.is_scalar(schema),
        }
    }

    fn is_scalar(&self, schema: &Json) -> bool {
        let schema = self.resolve(schema);
        let scalar = |s: &Json| {
            matches!(
                s.get("type").and_then(Json::as_str),
                Some("string" | "integer" | "number" | "boolean")
            )
        };
        let parts: Vec<&Json> = ["allOf", "anyOf", "oneOf"]
            .iter()
            .flat_map(|c| {
                schema
                    .get(*c)
                    .and_then(Json::as_array)
                    .into_iter()
                    .flatten()
            })
            .collect();
        if parts.is_empty() {
            scalar(schema)
        } else {
            parts.iter().all(|p| self.is_scalar(p))
        }
    }
}

/// Whether the dotted path names a field of an example object. Below the
/// top level an example shows one variant of a nested object (a fee's
/// source is a charge or a payout), so a key it lacks there counts as
/// present; a path into a scalar does not.
pub fn example_has_path(object: &Json, path: &[&str]) -> bool {
    fn below(value: &Json, path: &[&str]) -> bool {
        let Some((first, rest)) = path.split_first() else {
            return true;
        };
        match value {
            Json::Object(fields) => fields.get(*first).is_none_or(|field| below(field, rest)),
            Json::Null | Json::Array(_) => true,
            _ => false,
        }
    }
    match path.split_first() {
        Some((first, rest)) => object.get(*first).is_some_and(|field| below(field, rest)),
        None => true,
    }
}

/// A path template with every `{placeholder}` blanked, so `/v1/invoices/{parent}/lines`
/// matches the spec's `/v1/invoices/{invoice}/lines`.
pub fn shape(path: &str) -> String {
    let mut shape = String::new();
    let mut inside = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                inside = true;
                shape.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => shape.push(c),
            _ => {}
        }
    }
    shape
}
