//! A post file's bytes: decoding, front matter split, YAML load with
//! Psych's typing and its limits, the typed view, then a lossless edit of
//! one key. Must never panic, and an accepted edit must load again.
#![no_main]

use gazette_core::front_matter::{self, Edit, Value};
use gazette_core::post::PostFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(post) = PostFile::parse("_posts/2024-01-01-fuzz.md", data.to_vec()) else {
        return;
    };
    let _ = post.front_matter_json();
    let Ok((text, _)) = gazette_core::post::decode(data) else {
        return;
    };
    let edits = [
        Edit::Set {
            key: "title".into(),
            value: Value::String("no: 2023 # x".into()),
        },
        Edit::Unset { key: "tags".into() },
    ];
    if let Ok(edited) = front_matter::apply_edits(&text, &edits) {
        let split = front_matter::split(&edited);
        if let Some(range) = split.yaml {
            front_matter::load(&edited[range]).expect("an accepted edit loads again");
        }
    }
});
