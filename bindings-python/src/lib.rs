//! Python bindings (placeholder until the bindings issue lands).
