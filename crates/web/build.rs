//! Rebuilds the crate when a translation file is added, not only when one changes:
//! the Fluent loader reads the `locales` folder at compile time.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
