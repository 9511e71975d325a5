//! `apiodbc tableau package`: turns the connector sources in
//! `installer/tableau/<connector>/` (plus `shared/`, where `@CLASS@` becomes
//! the connector's class) into `<class>-v<plugin-version>.taco` files, after
//! checking every XML file against Tableau's schemas with `xmllint`.
//! `@OAUTH_CLIENT_ID@` and `@OAUTH_CLIENT_SECRET@` (an `oauthConfig.xml`)
//! become the user's own OAuth client for that connector: Tableau runs the
//! sign-in itself, so the package must carry a client registered with the API,
//! and each API has its own (a Bitbucket consumer, a Stripe Connect platform).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Each connector file and the Tableau schema it must satisfy.
const SCHEMAS: &[(&str, &str)] = &[
    ("manifest.xml", "connector_plugin_manifest_latest.xsd"),
    ("connectionFields.xml", "connection_fields.xsd"),
    ("connectionMetadata.xml", "connector_plugin_metadata.xsd"),
    ("connectionResolver.tdr", "tdr_latest.xsd"),
    ("dialect.tdd", "tdd_latest.xsd"),
    ("oauthConfig.xml", "oauth_config.xsd"),
    ("connectionDialog.tcd", "tcd_latest.xsd"),
];

/// The folder of files every connector gets.
const SHARED: &str = "shared";

/// The sources in this checkout.
pub fn default_source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tableau")
}

/// The OAuth client (consumer) a package's sign-in uses.
pub struct OAuthClient {
    pub id: String,
    pub secret: String,
}

/// The OAuth clients given, by connector folder name (`stripe`, `bitbucket`).
pub type OAuthClients = BTreeMap<String, OAuthClient>;

const CLIENT_ID: &str = "@OAUTH_CLIENT_ID@";
const CLIENT_SECRET: &str = "@OAUTH_CLIENT_SECRET@";

/// How a connector's client id and secret begin, where a mix-up would break
/// the sign-in or leak the secret: Stripe's client id is the platform's
/// `ca_...`, and its secret the platform's secret key, which must never reach
/// the authorization URL in the id's place.
const CLIENT_PREFIXES: &[(&str, &str, &str)] = &[("stripe", "ca_", "sk_")];

/// Parses `CONNECTOR=VALUE` (`--oauth-client-id stripe=ca_...`).
pub fn connector_value(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((connector, value)) if !connector.is_empty() && !value.is_empty() => {
            Ok((connector.to_ascii_lowercase(), value.to_string()))
        }
        _ => Err("expected CONNECTOR=VALUE, e.g. stripe=ca_... or bitbucket=KEY".into()),
    }
}

/// Pairs each connector's `--oauth-client-id` with its `--oauth-client-secret`.
/// Messages name the connector and the option, never the values.
pub fn oauth_clients(
    ids: Vec<(String, String)>,
    secrets: Vec<(String, String)>,
) -> Result<OAuthClients, String> {
    let mut secrets: BTreeMap<String, String> = unique("--oauth-client-secret", secrets)?;
    let mut clients = OAuthClients::new();
    for (connector, id) in unique("--oauth-client-id", ids)? {
        let secret = secrets.remove(&connector).ok_or_else(|| {
            format!("--oauth-client-id {connector}=... needs --oauth-client-secret {connector}=...")
        })?;
        if let Some((_, id_prefix, secret_prefix)) =
            CLIENT_PREFIXES.iter().find(|(name, ..)| *name == connector)
            && !(id.starts_with(id_prefix) && secret.starts_with(secret_prefix))
        {
            return Err(format!(
                "{connector}: the client id must start with {id_prefix} and the secret with \
                 {secret_prefix} (see the README)"
            ));
        }
        clients.insert(connector, OAuthClient { id, secret });
    }
    match secrets.into_keys().next() {
        Some(connector) => Err(format!(
            "--oauth-client-secret {connector}=... needs --oauth-client-id {connector}=..."
        )),
        None => Ok(clients),
    }
}

/// `pairs` by connector, each connector at most once.
fn unique(option: &str, pairs: Vec<(String, String)>) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for (connector, value) in pairs {
        if map.insert(connector.clone(), value).is_some() {
            return Err(format!("{option} is given twice for {connector}"));
        }
    }
    Ok(map)
}

/// One file of a connector package.
struct PackageFile {
    name: String,
    bytes: Vec<u8>,
}

/// Validates and packages every connector under `source`; returns the `.taco` paths.
pub fn package(
    source: &Path,
    xsd_dir: Option<&Path>,
    oauth: &OAuthClients,
    out: &Path,
) -> Result<Vec<PathBuf>, String> {
    let mut connectors: Vec<PathBuf> = std::fs::read_dir(source)
        .map_err(|e| format!("cannot read {}: {e}", source.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.join("manifest.xml").is_file())
        .collect();
    connectors.sort();
    if connectors.is_empty() {
        return Err(format!("no connector folders in {}", source.display()));
    }
    let names: Vec<&str> = connectors.iter().filter_map(|d| folder_name(d)).collect();
    if let Some(unknown) = oauth.keys().find(|c| !names.contains(&c.as_str())) {
        return Err(format!(
            "an OAuth client is given for {unknown}, but the connectors are {}",
            names.join(", ")
        ));
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut written = Vec::new();
    for dir in connectors {
        let manifest = std::fs::read_to_string(dir.join("manifest.xml"))
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let (class, version) = manifest_identity(&manifest)
            .map_err(|e| format!("{}/manifest.xml: {e}", dir.display()))?;
        let mut files = collect(&dir, &source.join(SHARED), &class)?;
        let client = folder_name(&dir).and_then(|name| oauth.get(name));
        fill_oauth_client(&dir, &mut files, client)?;
        check(&dir, &files, xsd_dir)?;
        let taco = out.join(format!("{class}-v{version}.taco"));
        write_taco(&taco, &files)?;
        println!("{}: {} files -> {}", class, files.len(), taco.display());
        written.push(taco);
    }
    if xsd_dir.is_none() {
        println!(
            "note: XML checked for well-formedness only; pass --xsd-dir to validate against Tableau's schemas"
        );
    }
    Ok(written)
}

/// A connector's folder name, which names it on the command line.
fn folder_name(dir: &Path) -> Option<&str> {
    dir.file_name().and_then(|n| n.to_str())
}

/// The connector's class and plugin version from its manifest.
fn manifest_identity(manifest: &str) -> Result<(String, String), String> {
    let doc = roxmltree::Document::parse(manifest).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    let attr = |name: &str| {
        root.attribute(name)
            .map(str::to_string)
            .ok_or_else(|| format!("<connector-plugin> has no {name}"))
    };
    Ok((attr("class")?, attr("plugin-version")?))
}

/// The connector's own files, then the shared ones with its class filled in.
fn collect(dir: &Path, shared: &Path, class: &str) -> Result<Vec<PackageFile>, String> {
    let mut files = Vec::new();
    for (folder, fill) in [(dir, false), (shared, true)] {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| format!("bad file name {}", path.display()))?
                .to_string();
            let mut bytes =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if fill {
                bytes = String::from_utf8_lossy(&bytes)
                    .replace("@CLASS@", class)
                    .into_bytes();
            }
            files.push(PackageFile { name, bytes });
        }
    }
    Ok(files)
}

/// Puts the OAuth client into the files that ask for one; without a client
/// such a connector is refused rather than packaged with a sign-in that
/// cannot work.
fn fill_oauth_client(
    dir: &Path,
    files: &mut [PackageFile],
    oauth: Option<&OAuthClient>,
) -> Result<(), String> {
    for file in files.iter_mut() {
        let text = String::from_utf8_lossy(&file.bytes);
        if !text.contains(CLIENT_ID) && !text.contains(CLIENT_SECRET) {
            continue;
        }
        let Some(client) = oauth else {
            let connector = folder_name(dir).unwrap_or_default();
            return Err(format!(
                "{}/{} needs your OAuth client: pass --oauth-client-id {connector}=ID and \
                 --oauth-client-secret {connector}=SECRET (the client you registered with \
                 the API; see the README)",
                dir.display(),
                file.name
            ));
        };
        file.bytes = text
            .replace(CLIENT_ID, &xml_text(&client.id))
            .replace(CLIENT_SECRET, &xml_text(&client.secret))
            .into_bytes();
    }
    Ok(())
}

/// `value` escaped for XML character data.
fn xml_text(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Every XML file parses, every file the manifest and resolver name is present,
/// and (with `xsd_dir`) every known file satisfies its schema.
fn check(dir: &Path, files: &[PackageFile], xsd_dir: Option<&Path>) -> Result<(), String> {
    let scratch = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
    let mut problems = Vec::new();
    for file in files {
        let label = format!("{}/{}", dir.display(), file.name);
        if file.name.ends_with(".js") {
            continue;
        }
        let text = String::from_utf8_lossy(&file.bytes);
        match roxmltree::Document::parse(&text) {
            Ok(doc) => {
                for node in doc.descendants().filter(|n| n.is_element()) {
                    if let Some(referenced) = node.attribute("file")
                        && !files.iter().any(|f| f.name == referenced)
                    {
                        problems.push(format!("{label}: names missing file {referenced}"));
                    }
                }
            }
            Err(e) => {
                problems.push(format!("{label}: {e}"));
                continue;
            }
        }
        let (Some(xsd_dir), Some((_, schema))) =
            (xsd_dir, SCHEMAS.iter().find(|(name, _)| *name == file.name))
        else {
            continue;
        };
        let materialized = scratch.path().join(&file.name);
        std::fs::write(&materialized, &file.bytes)
            .map_err(|e| format!("cannot write {}: {e}", materialized.display()))?;
        let output = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(xsd_dir.join(schema))
            .arg(&materialized)
            .output()
            .map_err(|e| format!("cannot run xmllint (apt-get install libxml2-utils): {e}"))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr)
                .replace(&materialized.display().to_string(), &label);
            problems.push(format!(
                "{label} does not satisfy {schema}:\n{}",
                stderr.trim()
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// A `.taco` is a jar: a zip with a jar manifest and the connector files at its root.
fn write_taco(path: &Path, files: &[PackageFile]) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    let file = std::fs::File::create(path).map_err(|e| fail(&e))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("META-INF/MANIFEST.MF", options)
        .map_err(|e| fail(&e))?;
    zip.write_all(b"Manifest-Version: 1.0\r\nCreated-By: apiodbc\r\n\r\n")
        .map_err(|e| fail(&e))?;
    for file in files {
        zip.start_file(file.name.as_str(), options)
            .map_err(|e| fail(&e))?;
        zip.write_all(&file.bytes).map_err(|e| fail(&e))?;
    }
    zip.finish().map_err(|e| fail(&e))?;
    Ok(())
}
