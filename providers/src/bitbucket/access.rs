//! Who reaches a repository besides its members: `deploy_keys` (read-only
//! or read-write SSH access for machines) and `watchers`.

use super::columns::{REPOSITORY, REPOSITORY_ACCOUNTS};
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Table};

pub static DEPLOY_KEYS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    // Audited across repositories: which ones grant machines access, or hold a secret.
    cross_repository: true,
    table: Table {
        name: "deploy_keys",
        description: "SSH keys that give machines access to the repository. Only the public \
                      half exists in Bitbucket; the private key never leaves its machine.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/deploy-keys", None),
        columns: &[
            REPOSITORY,
            Column::new("id", Integer, "The deploy key's ID.").not_null(),
            Column::new("label", Text, "The name given to the key."),
            Column::new(
                "key",
                LongText,
                "The public key (type, key and comment, as in authorized_keys).",
            ),
            Column::new("comment", Text, "The comment read from the public key."),
            Column::new("added_on", Timestamp, "When it was added (UTC)."),
            Column::new(
                "last_used",
                Timestamp,
                "When it was last used (UTC); null if never.",
            ),
            Column::new("owner_display_name", Text, "Who added it.").at("owner.display_name"),
            Column::new("owner_uuid", Id, "UUID of who added it.").at("owner.uuid"),
        ],
    },
};

pub static WATCHERS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "watchers",
        description: "Accounts watching the repository (notified of its changes).",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/watchers", None),
        columns: REPOSITORY_ACCOUNTS,
    },
};
