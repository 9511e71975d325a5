//! Changes to the platform account made while the fake runs, so that a
//! test can change the account between two processes and check what an
//! incremental refresh asks for. Each change is stamped with the current
//! time, as the real API stamps it, and writes the events Stripe writes
//! for it (newest first in `/v1/events`, `data.object` the object after
//! the change, `previous_attributes` on `*.updated`).

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::response::Response;
use serde_json::{Map, Value, json};

use super::data::{self, Rng, object_id};
use super::{
    Arc, Collection, Collections, FakeStripe, Platform, Shared, invalid_request, json_response,
    lock, parse_int, resource_missing, resources,
};

/// The `*.updated` event of each kind of object the fake serves that has
/// one (the API's event types); Stripe names some after their parent.
/// Other kinds change without an event.
const UPDATED: &[(&str, &str)] = &[
    ("account", "account.updated"),
    ("capability", "capability.updated"),
    ("charge", "charge.updated"),
    ("coupon", "coupon.updated"),
    ("credit_note", "credit_note.updated"),
    ("customer", "customer.updated"),
    ("dispute", "charge.dispute.updated"),
    ("external_account", "account.external_account.updated"),
    ("fee_refund", "application_fee.refund.updated"),
    ("invoice", "invoice.updated"),
    ("invoiceitem", "invoiceitem.updated"),
    ("payment_link", "payment_link.updated"),
    ("payment_method", "payment_method.updated"),
    ("payout", "payout.updated"),
    ("person", "person.updated"),
    ("plan", "plan.updated"),
    ("price", "price.updated"),
    ("product", "product.updated"),
    ("promotion_code", "promotion_code.updated"),
    (
        "radar.early_fraud_warning",
        "radar.early_fraud_warning.updated",
    ),
    ("refund", "refund.updated"),
    ("subscription", "customer.subscription.updated"),
    ("subscription_schedule", "subscription_schedule.updated"),
    ("tax_id", "customer.tax_id.updated"),
    ("tax_rate", "tax_rate.updated"),
    ("transfer", "transfer.updated"),
];

/// A batch of changes to the platform account ([`FakeStripe::change`]).
/// New objects wait at the end of their list and deleted ones leave a hole
/// until the batch ends, so that a batch of any size moves each list it
/// touches and rebuilds its index once: a benchmark can refund 1,000 of a
/// million charges in one batch.
pub struct Changes<'a> {
    seed: u64,
    collections: &'a mut Collections,
    made: &'a mut u64,
    /// The collections changed, with how many objects were added at their end.
    touched: HashMap<&'static str, usize>,
}

impl FakeStripe {
    /// Makes the changes `f` asks for as one batch; requests see none of
    /// them until it ends.
    pub fn change<R>(&self, f: impl FnOnce(&mut Changes) -> R) -> R {
        self.shared.change(f)
    }

    /// A new succeeded charge, see [`Changes::create_charge`]. Panics if
    /// there is no such customer.
    pub fn create_charge(&self, customer: Option<&str>, amount: i64, currency: &str) -> Value {
        self.change(|c| c.create_charge(customer, amount, currency))
            .unwrap_or_else(|| panic!("fake Stripe has no customer {customer:?}"))
    }

    /// Refunds a charge in full, see [`Changes::refund_charge`], and
    /// returns it. Panics if there is no such charge.
    pub fn refund_charge(&self, id: &str) -> Value {
        self.change(|c| c.refund_charge(id))
            .unwrap_or_else(|| panic!("fake Stripe has no charge {id}"))
    }

    /// Sets top-level fields of an object, see [`Changes::update_object`].
    /// Panics if there is no such object.
    pub fn update_object(&self, resource: &str, id: &str, changes: Map<String, Value>) -> Value {
        self.change(|c| c.update_object(resource, id, changes))
            .unwrap_or_else(|| panic!("fake Stripe has no {resource} {id}"))
    }

    /// Deletes a customer, see [`Changes::delete_customer`]. Panics if
    /// there is no such customer.
    pub fn delete_customer(&self, id: &str) {
        self.change(|c| c.delete_customer(id))
            .unwrap_or_else(|| panic!("fake Stripe has no customer {id}"));
    }
}

impl Shared {
    fn change<R>(&self, f: impl FnOnce(&mut Changes) -> R) -> R {
        let mut platform = lock(&self.platform);
        let Platform { collections, made } = &mut *platform;
        let mut changes = Changes {
            seed: self.seed,
            collections: Arc::make_mut(collections),
            made,
            touched: HashMap::new(),
        };
        let result = f(&mut changes);
        changes.settle();
        result
    }
}

impl Changes<'_> {
    /// Creates a succeeded, captured charge of `amount` in `currency`,
    /// paid by `customer`, shaped like the generated ones and newest in
    /// the list; event `charge.succeeded`. `None` if there is no such customer.
    pub fn create_charge(
        &mut self,
        customer: Option<&str>,
        amount: i64,
        currency: &str,
    ) -> Option<Value> {
        let customer = match customer {
            Some(id) => Some(self.get("customers", id)?.clone()),
            None => None,
        };
        let n = self.next();
        let charge = data::new_charge(self.seed, n, now(), customer.as_ref(), amount, currency);
        self.add("charges", charge.clone());
        self.event("charge.succeeded", &charge, None);
        Some(charge)
    }

    /// Refunds what is left of a succeeded charge: a new succeeded refund
    /// (in `/v1/refunds` and first in the charge's `refunds`), the charge
    /// `refunded` with `amount_refunded` its amount; events
    /// `charge.refunded` and `refund.created`. A charge with nothing left
    /// to refund stays as it is, as Stripe refuses the refund. Returns the
    /// charge, `None` if there is no such charge.
    pub fn refund_charge(&mut self, id: &str) -> Option<Value> {
        let charge = self.get("charges", id)?.clone();
        let amount = charge["amount"].as_i64().unwrap_or(0);
        let left = amount - charge["amount_refunded"].as_i64().unwrap_or(0);
        if charge["status"] != "succeeded" || left <= 0 {
            return Some(charge);
        }
        let n = self.next();
        let kind = data::stream("created refunds");
        let refund = resources::refund(
            &mut Rng::new(self.seed, kind, n),
            object_id("re_", self.seed, kind, n, 24),
            now(),
            Some(&charge),
            left,
            "succeeded",
        );
        let charge = self.get_mut("charges", id).expect("found above");
        charge["refunded"] = Value::Bool(true);
        charge["amount_refunded"] = Value::from(amount);
        if let Some(refunds) = charge["refunds"]["data"].as_array_mut() {
            refunds.insert(0, refund.clone());
        }
        let charge = charge.clone();
        self.add("refunds", refund.clone());
        self.event("charge.refunded", &charge, None);
        self.event("refund.created", &refund, None);
        Some(charge)
    }

    /// Sets top-level fields of the object of `resource` (`customers`,
    /// `charges`, ...) with this id, e.g. a charge's `description` or a
    /// customer's `email`; event `<object>.updated` (see [`UPDATED`]) with
    /// the former values of the fields that changed. `None` if there is no
    /// such object. Panics for an unknown resource.
    pub fn update_object(
        &mut self,
        resource: &str,
        id: &str,
        changes: Map<String, Value>,
    ) -> Option<Value> {
        let kind = self.collection(resource).resource.object;
        let object = self.get_mut(resource, id)?;
        let mut previous = Map::new();
        for (field, value) in changes {
            let old = std::mem::replace(&mut object[field.as_str()], value);
            if old != object[field.as_str()] {
                previous.insert(field, old);
            }
        }
        let object = object.clone();
        if let Some((_, event)) = UPDATED.iter().find(|(k, _)| *k == kind)
            && !previous.is_empty()
        {
            self.event(event, &object, Some(previous));
        }
        Some(object)
    }

    /// Deletes a customer: lists leave it out, retrieving it answers
    /// Stripe's stub `{"id", "object": "customer", "deleted": true}`, which
    /// this returns; event `customer.deleted` with the customer as it was.
    /// `None` if there is no such customer.
    pub fn delete_customer(&mut self, id: &str) -> Option<Value> {
        let customers = self.collection("customers");
        let at = customers.index.remove(id)?;
        customers.deleted.insert(id.to_owned());
        let customer = std::mem::take(&mut customers.objects[at]);
        self.touched.entry("customers").or_default();
        self.event("customer.deleted", &customer, None);
        Some(json!({"id": id, "object": "customer", "deleted": true}))
    }

    fn collection(&mut self, name: &str) -> &mut Collection {
        let collection = self
            .collections
            .get_mut(name)
            .unwrap_or_else(|| panic!("fake Stripe has no resource {name}"));
        Arc::make_mut(collection)
    }

    fn get(&self, name: &str, id: &str) -> Option<&Value> {
        let collection = self.collections.get(name)?;
        collection.index.get(id).map(|&i| &collection.objects[i])
    }

    fn get_mut(&mut self, name: &str, id: &str) -> Option<&mut Value> {
        let collection = self.collection(name);
        let at = *collection.index.get(id)?;
        Some(&mut collection.objects[at])
    }

    /// Adds an object at the end of its list, to move to the front when the batch ends.
    fn add(&mut self, name: &str, object: Value) {
        let collection = self.collection(name);
        let id = object["id"].as_str().expect("an id").to_owned();
        collection.index.insert(id, collection.objects.len());
        collection.objects.push(object);
        let name = collection.resource.name;
        *self.touched.entry(name).or_default() += 1;
    }

    /// Writes an event of `kind` about `object`, made now by an API request.
    fn event(&mut self, kind: &str, object: &Value, previous: Option<Map<String, Value>>) {
        let n = self.next();
        let mut data = json!({"object": public(object)});
        if let Some(previous) = previous {
            data["previous_attributes"] = Value::Object(previous);
        }
        let id = object_id("evt_", self.seed, data::stream("change events"), n, 24);
        let request = object_id("req_", self.seed, data::stream("change requests"), n, 14);
        let event = resources::event(id, now(), kind, data, 0, Some(request));
        self.add("events", event);
    }

    /// A number no other change has used, for ids.
    fn next(&mut self) -> u64 {
        *self.made += 1;
        *self.made
    }

    /// Moves the objects added to the front of their lists (newest first),
    /// closes the holes of deleted ones and rebuilds the indexes.
    fn settle(self) {
        for (name, added) in self.touched {
            let collection = Arc::make_mut(self.collections.get_mut(name).expect("touched"));
            let objects = &mut collection.objects;
            let mut list = objects.split_off(objects.len() - added);
            list.reverse();
            list.append(objects);
            list.retain(|o| !o.is_null());
            *objects = list;
            collection.reindex();
        }
    }
}

/// An object without the fake's own `_` fields, as events carry it.
fn public(object: &Value) -> Value {
    match object {
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        other => other.clone(),
    }
}

/// Unix seconds now.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64
}

/// `POST /_fake/charges/create?amount=&currency=[&customer=]`,
/// `POST /_fake/charges/{id}/refund` and `POST /_fake/customers/{id}/delete`
/// answer the changed object (a deleted customer's stub); `None` for
/// another path.
pub(super) fn control(shared: &Shared, path: &str, query: &[(String, String)]) -> Option<Response> {
    let param = |key: &str| {
        query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let parts: Vec<&str> = path.split('/').collect();
    let (changed, object, id) = match parts.as_slice() {
        ["charges", "create"] => {
            let (Some(amount), Some(currency)) = (param("amount"), param("currency")) else {
                let missing = if param("amount").is_none() {
                    "amount"
                } else {
                    "currency"
                };
                return Some(invalid_request(
                    format!("Missing required param: {missing}."),
                    Some(missing),
                ));
            };
            let amount = match parse_int(amount, "amount") {
                Ok(amount) => amount,
                Err(response) => return Some(response),
            };
            let customer = param("customer");
            let charge = shared.change(|c| c.create_charge(customer, amount, currency));
            (charge, "customer", customer.unwrap_or_default())
        }
        ["charges", id, "refund"] => (shared.change(|c| c.refund_charge(id)), "charge", *id),
        ["customers", id, "delete"] => (shared.change(|c| c.delete_customer(id)), "customer", *id),
        _ => return None,
    };
    Some(match changed {
        Some(value) => json_response(200, &value),
        None => resource_missing(404, object, id, "id"),
    })
}
