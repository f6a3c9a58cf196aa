//! `uniffi-bindgen`, built from the same uniffi version as huiqi-mobile.
fn main() {
    uniffi::uniffi_bindgen_main()
}
