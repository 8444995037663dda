//! Bad documents fail the build with one clear error naming the file and JSON pointer, and stubs
//! so that no cascade of follow-on errors appears.

#[test]
fn bad_documents_give_one_clear_error() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
