//! The search query language: any string gives a compiled query or an
//! error with a column inside the input, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    match gazette_core::search::prepare(input) {
        Ok(_) => {}
        Err(e) => {
            let columns = input.chars().count() + 1;
            assert!(
                e.column >= 1 && e.column <= columns,
                "{input:?}: column {} of {columns}",
                e.column
            );
        }
    }
});
