//! Front matter dates: any text gives a date or an error, never a panic,
//! and a date's ISO form reads back as the same day.
#![no_main]

use gazette_core::date::PostDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(date) = PostDate::parse(text) {
        let _ = date.instant();
        let iso = date.to_iso();
        if let Ok(again) = PostDate::parse(&iso.replace('T', " ")) {
            assert_eq!(again.day(), date.day(), "{text:?} -> {iso}");
        }
    }
});
