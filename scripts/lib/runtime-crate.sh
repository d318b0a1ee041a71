# Sourced by the bench scripts. `runtime_crate DIR NAME` makes DIR a scratch crate named NAME
# that depends on this repository's runtime (`$root/runtime`) and is its own workspace, so
# that generated code can be compiled in it; its `src/lib.rs` is the caller's to write.
runtime_crate() {
    mkdir -p "$1/src"
    cat >"$1/Cargo.toml" <<TOML
[package]
name = "$2"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
rambase-runtime = { path = "$root/runtime" }

[workspace]
TOML
}
