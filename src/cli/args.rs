//! A small, strict argument reader: `--name value`, `--name=value`, repeated options,
//! flags, positionals; anything unknown is an input error.

use super::Failure;

pub struct Args {
    items: Vec<(String, Option<String>)>,
    pub positional: Vec<String>,
}

impl Args {
    /// Splits `argv`; `flags` take no value, `options` take one.
    pub fn parse(argv: &[String], options: &[&str], flags: &[&str]) -> Result<Args, Failure> {
        let mut items = Vec::new();
        let mut positional = Vec::new();
        let mut it = argv.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--").filter(|n| !n.is_empty()) {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (name, None),
                };
                if flags.contains(&name) {
                    if inline.is_some() {
                        return Err(Failure::input(format!("--{name} takes no value")));
                    }
                    items.push((name.to_string(), None));
                } else if options.contains(&name) {
                    let v = match inline {
                        Some(v) => v,
                        None => it.next().cloned().ok_or_else(|| Failure::input(format!("--{name} needs a value")))?,
                    };
                    items.push((name.to_string(), Some(v)));
                } else {
                    return Err(Failure::input(format!("unknown option --{name}")));
                }
            } else if a == "-o" {
                let v = it.next().cloned().ok_or_else(|| Failure::input("-o needs a file"))?;
                items.push(("output".to_string(), Some(v)));
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Args { items, positional })
    }

    pub fn flag(&self, name: &str) -> bool {
        self.items.iter().any(|(n, _)| n == name)
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.items.iter().filter(|(n, _)| n == name).filter_map(|(_, v)| v.clone()).collect()
    }

    pub fn one(&self, name: &str) -> Result<Option<String>, Failure> {
        let v = self.all(name);
        match v.len() {
            0 => Ok(None),
            1 => Ok(v.into_iter().next()),
            _ => Err(Failure::input(format!("--{name} is given more than once"))),
        }
    }

    pub fn required(&self, name: &str) -> Result<String, Failure> {
        self.one(name)?.ok_or_else(|| Failure::input(format!("--{name} is required")))
    }
}
