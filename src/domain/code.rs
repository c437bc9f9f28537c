//! The stable codes of the domain's enums: how the database stores a value, and how forms, links
//! and the command line name it. One table per enum, written once in its declaration:
//!
//! ```ignore
//! coded! {
//!     #[derive(Clone, Copy, Debug, PartialEq, Eq)]
//!     pub enum Role {
//!         Administrator = "administrator",
//!         Manager = "manager",
//!     }
//! }
//! ```
//!
//! declares the enum as written (without the codes) and gives it `ALL` (every value, in the order
//! declared), `code()` and `from_code()`, and serde by the same codes: one spelling in the
//! database, in forms, on the wire and in the session. Marked `#[command_line]` first, the enum is also a
//! `clap::ValueEnum` on the server, whose values are the same codes.

macro_rules! coded {
    // `#[command_line]` first: the back office's arguments take the enum by its codes
    (
        #[command_line]
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal ),+ $(,)?
        }
    ) => {
        coded! {
            $(#[$meta])*
            #[cfg_attr(feature = "ssr", derive(clap::ValueEnum))]
            $vis enum $name {
                $( $(#[$vmeta])* #[cfg_attr(feature = "ssr", value(name = $code))] $variant = $code ),+
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: [Self; [$($code),+].len()] = [$(Self::$variant),+];

            /// Its stable code: what the database stores, and forms and commands name.
            pub const fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }

            /// The value `code` names, if any.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::from_code(&code).ok_or_else(|| {
                    serde::de::Error::unknown_variant(&code, &[$($code),+])
                })
            }
        }
    };
}

pub(crate) use coded;

#[cfg(test)]
mod tests {
    coded! {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Colour {
            Red = "red",
            /// a variant's own documentation and attributes are kept
            DarkBlue = "dark_blue",
        }
    }

    #[test]
    fn codes_go_both_ways_in_the_order_declared() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::DarkBlue]);
        for colour in Colour::ALL {
            assert_eq!(Colour::from_code(colour.code()), Some(colour));
        }
        assert_eq!(Colour::DarkBlue.code(), "dark_blue");
        assert_eq!(Colour::from_code("Red"), None);
    }

    #[test]
    fn serde_spells_a_value_by_its_code_and_refuses_any_other() {
        assert_eq!(
            serde_json::to_string(&[Colour::DarkBlue, Colour::Red]).unwrap(),
            r#"["dark_blue","red"]"#
        );
        let read: Colour = serde_json::from_str(r#""dark_blue""#).unwrap();
        assert_eq!(read, Colour::DarkBlue);
        let refused = serde_json::from_str::<Colour>(r#""DarkBlue""#).unwrap_err();
        assert!(refused.to_string().contains("dark_blue"), "{refused}");
    }
}
