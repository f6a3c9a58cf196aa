//! TypeScript declarations of the scalar types.
