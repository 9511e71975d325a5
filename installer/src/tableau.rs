//! `apiodbc tableau package`: turns the connector sources in
//! `installer/tableau/<connector>/` (plus `shared/`, where `@CLASS@` becomes
//! the connector's class) into `<class>-v<plugin-version>.taco` files, after
//! checking every XML file against Tableau's schemas with `xmllint`.
//! `@OAUTH_CLIENT_ID@` and `@OAUTH_CLIENT_SECRET@` (an `oauthConfig.xml`)
//! become the user's own OAuth client: Tableau runs the sign-in itself, so the
//! package must carry a client registered with the API.

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

const CLIENT_ID: &str = "@OAUTH_CLIENT_ID@";
const CLIENT_SECRET: &str = "@OAUTH_CLIENT_SECRET@";

/// One file of a connector package.
struct PackageFile {
    name: String,
    bytes: Vec<u8>,
}

/// Validates and packages every connector under `source`; returns the `.taco` paths.
pub fn package(
    source: &Path,
    xsd_dir: Option<&Path>,
    oauth: Option<&OAuthClient>,
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
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut written = Vec::new();
    for dir in connectors {
        let manifest = std::fs::read_to_string(dir.join("manifest.xml"))
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let (class, version) = manifest_identity(&manifest)
            .map_err(|e| format!("{}/manifest.xml: {e}", dir.display()))?;
        let mut files = collect(&dir, &source.join(SHARED), &class)?;
        fill_oauth_client(&dir, &mut files, oauth)?;
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
            return Err(format!(
                "{}/{} needs your OAuth client: pass --oauth-client-id and \
                 --oauth-client-secret (the key and secret of the OAuth consumer you \
                 registered with the API; see the README)",
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
