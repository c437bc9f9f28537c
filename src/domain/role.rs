//! Roles of a member in a business eSpace and the powers each one grants (help "Adding users"'s
//! matrix).

use super::code::coded;
use serde::{Deserialize, Serialize};

coded! {
    /// `Administrator` ⊃ `Manager` ⊃ `WithoutSignature`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Role {
        Administrator = "administrator",
        Manager = "manager",
        WithoutSignature = "without_signature",
    }
}

/// A power that a server function may require of the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Permission {
    /// Create, modify and submit online procedures.
    EditProcedures,
    SignProcedures,
    /// See company data from authentic sources, messages and documents of the eSpace.
    ViewEspace,
    /// Manage the eSpace profile: data sheet, users and certifications.
    ManageProfile,
    /// Add, rename and delete the documents of "Mes documents" (help "Adding users": every role
    /// "can save documents in the eSpace").
    KeepDocuments,
    /// Register an access code (help "Representative": "All tasks of a business eSpace can create
    /// an access token"): every role; managing what it gives (mandates, certification requests)
    /// stays with administrators.
    RegisterCodes,
}

impl Role {
    pub fn allows(self, permission: Permission) -> bool {
        match permission {
            Permission::EditProcedures
            | Permission::ViewEspace
            | Permission::KeepDocuments
            | Permission::RegisterCodes => true,
            Permission::SignProcedures => self != Role::WithoutSignature,
            Permission::ManageProfile => self == Role::Administrator,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    #[test]
    fn matrix_of_seed_000() {
        let rows = [
            (Role::Administrator, [true, true, true, true, true, true]),
            (Role::Manager, [true, true, true, false, true, true]),
            (
                Role::WithoutSignature,
                [true, false, true, false, true, true],
            ),
        ];
        for (role, expected) in rows {
            let got = [
                EditProcedures,
                SignProcedures,
                ViewEspace,
                ManageProfile,
                KeepDocuments,
                RegisterCodes,
            ]
            .map(|p| role.allows(p));
            assert_eq!(got, expected, "{role:?}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("owner"), None);
    }
}
