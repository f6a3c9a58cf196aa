//! Python forms of the scalar types.
