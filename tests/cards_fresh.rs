//! The shipped cards are exactly what the generator makes from the reference data:
//! no number in `cards/` is typed by hand, and none is stale.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn committed_cards_equal_freshly_generated_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data");
    if !data.exists() {
        panic!("reference data not found at {}", data.display());
    }
    let out = std::env::temp_dir().join(format!("zonerate-cards-{}", std::process::id()));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_zonerate-cardgen"))
        .args(["--data", data.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let mut generated = Vec::new();
    files(&out, &mut generated);
    let mut committed = Vec::new();
    files(&root.join("cards"), &mut committed);
    let rel = |base: &Path, v: &[PathBuf]| {
        let mut r: Vec<String> = v.iter().map(|p| p.strip_prefix(base).unwrap().display().to_string()).collect();
        r.sort();
        r
    };
    assert_eq!(rel(&out, &generated), rel(&root.join("cards"), &committed), "card files differ");
    for p in &generated {
        let name = p.strip_prefix(&out).unwrap();
        let a = std::fs::read_to_string(p).unwrap();
        let b = std::fs::read_to_string(root.join("cards").join(name)).unwrap();
        assert!(a == b, "cards/{} is not what the generator makes; run zonerate-cardgen", name.display());
    }
    std::fs::remove_dir_all(&out).ok();
}
