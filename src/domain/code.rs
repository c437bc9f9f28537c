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
//! declared), `code()` and `from_code()`. Marked `#[command_line]` first, the enum is also a
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
}
