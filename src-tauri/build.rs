//! Tauri's build step, reading the configuration at the repository root.

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().config_path("tauri.conf.json"))
        .expect("tauri build step failed");
}
