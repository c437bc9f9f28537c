//! The ids of what the portal stores, each its own type: a function that takes an eSpace's id
//! cannot be handed a member's, nor a company's national identifier where an eSpace is meant.
//! On the wire and in the database they are the plain text they wrap.

use serde::{Deserialize, Serialize};

macro_rules! id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// An id equals the text it was made from (a form's value, a procedure's document
        /// field, a test's expectation).
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id! {
    /// A business eSpace.
    EspaceId
}

id! {
    /// A person known to the portal by their certificate (a member of any number of eSpaces).
    PersonId
}

id! {
    /// A person's place in one eSpace: invited, active or removed, with a role.
    MemberId
}

id! {
    /// A procedure (démarche), draft or submitted.
    ProcedureId
}

id! {
    /// A company's national identifier (its 11 or 13 digits, normalised): the principal a code
    /// is issued for and whose data the authentic sources hold.
    CompanyId
}

id! {
    /// A document: in an eSpace's store ("Mes documents"), a procedure's attachment, or a
    /// message's.
    DocumentId
}

id! {
    /// A message from an administration ("Mes communications"), or a member's reply to it.
    MessageId
}

id! {
    /// An access code: an owner code certifies an eSpace, a proxy code makes a mandate; a
    /// certification or a mandate is named by its code's id.
    CodeId
}
