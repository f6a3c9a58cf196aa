//! Mobile bindings (placeholder until the bindings issue lands).
