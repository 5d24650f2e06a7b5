"""The library and editor endpoints: list, open, validate, save (round-trip), create, import, download."""

from __future__ import annotations

import difflib

import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from realpolitik.scenario import load as rp_load
from tests.app.conftest import FIXTURES, TOKEN
from tests.conftest import EXAMPLE, SHARED


def _open(client, path):
    r = client.get("/api/v1/scenario", params={"path": path})
    assert r.status_code == 200, r.text
    return r.json()


def test_every_request_needs_the_token(anonymous):
    for url in ("/", "/api/v1/library", "/api/v1/openapi.json", "/api/v1/scenario?path=korea.yaml"):
        r = anonymous.get(url)
        assert r.status_code == 401
        assert "token" in r.json()["error"]["message"]
    assert anonymous.get("/api/v1/library", headers={"X-Realpolitik-Token": "wrong"}).status_code == 401
    assert anonymous.get(f"/api/v1/library?token={TOKEN}").status_code == 200
    assert anonymous.get("/static/app.js").status_code == 200  # the app's own code holds no secret


def test_security_headers_on_every_response(client, anonymous):
    for r in (client.get("/"), client.get("/api/v1/library"), anonymous.get("/api/v1/library"),
              client.get("/static/app.css"), client.get("/api/v1/scenario", params={"path": "../x.yaml"})):
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_other_host_names_are_refused(client):
    r = client.get("/api/v1/library", headers={"host": "evil.example"})
    assert r.status_code == 421


def test_the_page_loads_only_its_own_assets(client):
    page = client.get("/").text
    assert '<script type="module" src="/static/app.js">' in page
    assert "http" not in page.replace('http-equiv', '')
    for asset in ("app.js", "api.js", "dom.js", "editor.js", "model.js", "plot.js", "results.js", "status.js"):
        text = client.get(f"/static/{asset}").text
        assert "innerHTML" not in text and "eval(" not in text and "http://" not in text.replace(
            "http://www.w3.org/2000/svg", "")


def test_library_lists_the_folder_and_the_examples(client, folder):
    (folder / ".hidden.yaml").write_text("format_version: 1\n")
    (folder / "notes.md").write_text("not a scenario")
    files = {f["path"]: f for f in client.get("/api/v1/library").json()["files"]}
    assert files["korea.yaml"]["actors"] == 7 and files["korea.yaml"]["issues"] == 5
    assert files["korea.yaml"]["readonly"] is False
    assert files["examples/korea-2019.yaml"]["readonly"] is True
    assert files["harbour-ktab.csv"]["actors"] == 3
    assert ".hidden.yaml" not in files and "notes.md" not in files


def test_a_broken_file_is_listed_with_its_error(client, folder):
    (folder / "broken.yaml").write_text("format_version: 1\nactors: []\n")
    files = {f["path"]: f for f in client.get("/api/v1/library").json()["files"]}
    assert "error" in files["broken.yaml"]


def test_open_gives_the_document_and_its_version(client):
    opened = _open(client, "korea.yaml")
    assert opened["editable"] and not opened["readonly"] and opened["format"] == "yaml"
    assert opened["document"]["positions"]["DPRK"]["sanctions"]["salience"] == {"value": 95, "sd": 5}
    assert len(opened["version"]) == 16
    example = _open(client, "examples/korea-2019.yaml")
    assert example["readonly"] and not example["editable"]
    ktab = _open(client, "harbour-ktab.csv")
    assert ktab["format"] == "ktab-csv" and not ktab["editable"] and len(ktab["document"]["actors"]) == 3


def test_a_file_that_extends_another_opens_read_only_with_the_whole_scenario(client):
    opened = _open(client, "examples/korea-2019-roadmap.yaml")
    assert not opened["editable"] and len(opened["document"]["actors"]) == 7 and opened["document"]["stages"]


def test_validate_reports_the_cli_message_with_the_field_path(client, folder):
    doc = _open(client, "korea.yaml")["document"]
    ok = client.post("/api/v1/validate", json={"document": doc}).json()
    assert ok["valid"] and ok["summary"]["actors"] == 7
    assert ok["evidence"]["DPRK.sanctions.salience"][0]["source"] == "lee-wilson"
    doc["positions"]["DPRK"]["sanctions"]["salience"] = {"value": -5, "sd": 5}
    bad = client.post("/api/v1/validate", json={"document": doc}).json()
    assert not bad["valid"]
    assert bad["error"]["place"] == "positions.DPRK.sanctions.salience"
    # the same message the command line prints for the same file
    broken = folder / "broken.yaml"
    broken.write_text((folder / "korea.yaml").read_text().replace("salience: {value: 95, sd: 5}",
                                                                   "salience: {value: -5, sd: 5}", 1))
    result = CliRunner().invoke(main, ["check", str(broken)])
    assert result.exit_code == 2
    assert result.output.strip().endswith(bad["error"]["message"])


@pytest.mark.parametrize("change, place", [
    (lambda d: d["actors"][0].update(capability="lots"), "actors[0].capability"),
    (lambda d: d["issues"][1].update(scale=[100, 0]), "issues.sanctions.scale"),
    (lambda d: d["actors"].append(dict(d["actors"][0])), "actors.DPRK"),
    (lambda d: d["evidence"][0].update(source="nowhere"), "evidence[0]"),
    (lambda d: d.update(colour="red"), "colour"),
])
def test_validation_errors_name_their_field(client, change, place):
    doc = _open(client, "korea.yaml")["document"]
    change(doc)
    error = client.post("/api/v1/validate", json={"document": doc}).json()["error"]
    assert error["place"].startswith(place), error


def test_saving_an_unchanged_file_changes_no_byte(client, folder):
    for name in ("korea.yaml", "mini.yaml", "harbour.yaml"):
        before = (folder / name).read_bytes()
        opened = _open(client, name)
        r = client.put("/api/v1/scenario", params={"path": name},
                       json={"document": opened["document"], "version": opened["version"]})
        assert r.status_code == 200, r.text
        assert r.json()["version"] == opened["version"]
        assert (folder / name).read_bytes() == before


def test_an_edit_keeps_comments_and_key_order(client, folder):
    before = (folder / "korea.yaml").read_text()
    opened = _open(client, "korea.yaml")
    doc = opened["document"]
    doc["positions"]["DPRK"]["sanctions"]["salience"]["value"] = 80
    doc["actors"][2]["name"] = "United States of America"
    r = client.put("/api/v1/scenario", params={"path": "korea.yaml"}, json={"document": doc,
                                                                            "version": opened["version"]})
    assert r.status_code == 200, r.text
    after = (folder / "korea.yaml").read_text()
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-    name: United States", "+    name: United States of America",
                       "-      salience: {value: 95, sd: 5}", "+      salience: {value: 80, sd: 5}"]
    assert after.count("#") == before.count("#")
    assert _open(client, "korea.yaml")["document"] == doc


def test_adding_and_removing_rows_keeps_the_rest(client, folder):
    opened = _open(client, "mini.yaml")
    doc = opened["document"]
    doc["actors"].append({"id": "D", "capability": 5})
    doc["positions"]["D"] = {"tax": {"position": 50, "salience": 40}}
    r = client.put("/api/v1/scenario", params={"path": "mini.yaml"}, json={"document": doc,
                                                                           "version": opened["version"]})
    assert r.status_code == 200, r.text
    assert _open(client, "mini.yaml")["document"] == doc
    text = (folder / "mini.yaml").read_text()
    assert "- {id: D, capability: 5}" in text and "D:\n    tax: {position: 50, salience: 40}" in text


def test_a_stale_version_is_refused_and_the_file_kept(client, folder):
    opened = _open(client, "korea.yaml")
    doc = opened["document"]
    doc["title"] = "first tab"
    assert client.put("/api/v1/scenario", params={"path": "korea.yaml"},
                      json={"document": doc, "version": opened["version"]}).status_code == 200
    saved = (folder / "korea.yaml").read_bytes()
    doc["title"] = "second tab"
    r = client.put("/api/v1/scenario", params={"path": "korea.yaml"},
                   json={"document": doc, "version": opened["version"]})
    assert r.status_code == 409
    assert "changed by someone else" in r.json()["error"]["message"]
    assert (folder / "korea.yaml").read_bytes() == saved


def test_an_invalid_document_is_not_saved(client, folder):
    before = (folder / "korea.yaml").read_bytes()
    opened = _open(client, "korea.yaml")
    opened["document"]["actors"] = []
    r = client.put("/api/v1/scenario", params={"path": "korea.yaml"},
                   json={"document": opened["document"], "version": opened["version"]})
    assert r.status_code == 422 and r.json()["error"]["place"] == "actors"
    assert (folder / "korea.yaml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_examples_and_other_formats_are_not_saved_in_place(client):
    for path, status in (("examples/korea-2019.yaml", 403), ("harbour-ktab.csv", 400)):
        opened = _open(client, path)
        r = client.put("/api/v1/scenario", params={"path": path},
                       json={"document": opened["document"], "version": opened["version"]})
        assert r.status_code == status, r.text


def test_create_and_duplicate(client, folder):
    doc = {"format_version": 1, "title": "Three", "actors": [{"id": a, "capability": 1} for a in "ABC"],
           "issues": [{"id": "x"}], "positions": {a: {"x": {"position": p, "salience": 1}}
                                                  for a, p in zip("ABC", (0, 50, 100), strict=True)}}
    r = client.post("/api/v1/scenario", json={"path": "new/three.yaml", "document": doc})
    assert r.status_code == 201, r.text
    assert _open(client, "new/three.yaml")["document"] == doc
    assert client.post("/api/v1/scenario", json={"path": "new/three.yaml", "document": doc}).status_code == 409
    assert client.post("/api/v1/scenario", json={"path": "three.txt", "document": doc}).status_code == 400
    r = client.post("/api/v1/duplicate", json={"path": "korea.yaml", "to": "korea-copy.yaml"})
    assert r.status_code == 201
    assert (folder / "korea-copy.yaml").read_bytes() == (folder / "korea.yaml").read_bytes()
    r = client.post("/api/v1/duplicate", json={"path": "examples/korea-2019-roadmap.yaml", "to": "roadmap.yaml"})
    assert r.status_code == 201 and "extends" not in (folder / "roadmap.yaml").read_text()


@pytest.mark.parametrize("name", ["../outside.yaml", "/etc/passwd.yaml", "a/../../outside.yaml", ".hidden.yaml",
                                  "sub/.git/config.yaml", "run.py", "", "a\\..\\b.yaml", "examples/../../x.yaml"])
def test_paths_outside_the_folder_are_refused(client, name):
    assert client.get("/api/v1/scenario", params={"path": name}).status_code == 403
    doc = _open(client, "mini.yaml")["document"]
    assert client.post("/api/v1/scenario", json={"path": name, "document": doc}).status_code in (400, 403)


def test_symlinks_out_of_the_folder_are_refused(client, folder, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_bytes(EXAMPLE.read_bytes())
    (folder / "link.yaml").symlink_to(outside)
    (folder / "linkdir").symlink_to(tmp_path)
    assert client.get("/api/v1/scenario", params={"path": "link.yaml"}).status_code == 403
    assert client.get("/api/v1/scenario", params={"path": "linkdir/secret.yaml"}).status_code == 403
    assert "link.yaml" not in {f["path"] for f in client.get("/api/v1/library").json()["files"]}
    assert client.get("/api/v1/download", params={"path": "link.yaml"}).status_code == 403


def test_a_missing_file_is_404(client):
    assert client.get("/api/v1/scenario", params={"path": "nothing.yaml"}).status_code == 404


def test_import_keeps_yaml_and_converts_other_formats(client, folder):
    raw = (FIXTURES / "harbour.yaml").read_bytes()
    r = client.post("/api/v1/import", params={"name": "uploaded.yaml"}, content=raw)
    assert r.status_code == 201, r.text
    assert (folder / "uploaded.yaml").read_bytes() == raw
    xml = (FIXTURES / "ktab" / "harbour.xml").read_bytes()
    r = client.post("/api/v1/import", params={"name": "port.xml"}, content=xml)
    assert r.status_code == 201, r.text
    out = r.json()
    assert (out["path"], out["format"], out["actors"], out["issues"]) == ("port.yaml", "ktab-xml", 3, 2)
    assert (folder / "port.yaml").read_text().startswith("format_version: 1")
    assert _open(client, "port.yaml")["editable"]


def test_import_refuses_an_existing_name_bad_content_and_large_files(client, folder):
    r = client.post("/api/v1/import", params={"name": "korea.yaml"}, content=EXAMPLE.read_bytes())
    assert r.status_code == 409
    r = client.post("/api/v1/import", params={"name": "junk.csv"}, content=b"a,b\n1,2\n")
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("junk.csv")
    r = client.post("/api/v1/import", params={"name": "big.yaml"}, content=b"#" * 6_000_000)
    assert r.status_code == 413 and "5 MB" in r.json()["error"]["message"]
    assert not (folder / "big.yaml").exists() and not (folder / "junk.yaml").exists()


def test_import_refuses_too_many_actors(client, folder):
    rows = ["actor,issue,capability,position,salience"] + [f"a{i},x,1,{i % 100},1" for i in range(600)]
    r = client.post("/api/v1/import", params={"name": "crowd.csv"}, content="\n".join(rows).encode())
    assert r.status_code == 413 and "600 actors" in r.json()["error"]["message"]


def test_import_a_shared_ktab_file(client, folder):
    ktab = SHARED / "data" / "ktab" / "dummyData_3Dim.csv"
    if not ktab.is_file():
        pytest.skip("../shared/data/ktab is not available")
    r = client.post("/api/v1/import", params={"name": ktab.name}, content=ktab.read_bytes())
    assert r.status_code == 201, r.text
    assert r.json()["format"] == "ktab-csv" and r.json()["issues"] == 3


def test_download_as_yaml_or_csv(client, folder):
    r = client.get("/api/v1/download", params={"path": "korea.yaml"})
    assert r.status_code == 200 and r.content == (folder / "korea.yaml").read_bytes()
    assert r.headers["content-disposition"] == 'attachment; filename="korea.yaml"'
    r = client.get("/api/v1/download", params={"path": "korea.yaml", "format": "csv"})
    assert r.status_code == 200 and r.text.startswith("actor,issue")
    r = client.get("/api/v1/download", params={"path": "harbour-ktab.csv", "format": "yaml"})
    assert r.text.startswith("format_version: 1")


def test_evidence_quotes_the_cited_paragraph_when_the_source_is_on_disk(client):
    out = client.get("/api/v1/evidence", params={"path": "harbour.yaml"}).json()["evidence"]
    entry = out["east.quota.position"][0]
    assert entry["source"] == "minutes" and entry["paragraphs"] == [3]
    assert entry["quotes"]["3"] == (FIXTURES / "corpus" / "harbour-council.txt").read_text().splitlines()[
        [i for i, line in enumerate((FIXTURES / "corpus" / "harbour-council.txt").read_text().splitlines())
         if line.strip()][2]].strip()


def test_malformed_requests_are_400_with_a_message(client):
    r = client.post("/api/v1/validate", json={"doc": {}})
    assert r.status_code == 400 and "document" in r.json()["error"]["message"]
    r = client.put("/api/v1/scenario", params={"path": "korea.yaml"}, json={"document": {}})
    assert r.status_code == 400 and "version" in r.json()["error"]["message"]


def test_the_openapi_description_is_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "realpolitik"
    assert {"/api/v1/library", "/api/v1/validate", "/api/v1/forecast", "/api/v1/whatif"} <= set(spec["paths"])


def test_a_body_sent_without_a_length_is_cut_off_at_the_limit(client, folder):
    def chunks():
        for _ in range(60):
            yield b"#" * 100_000

    r = client.post("/api/v1/import", params={"name": "streamed.yaml"}, content=chunks())
    assert r.status_code == 413 and "MB" in r.json()["error"]["message"]
    assert not (folder / "streamed.yaml").exists()


def test_a_copy_of_a_whole_document_is_written_fresh_and_reads_back(client, folder):
    doc = _open(client, "examples/korea-2019.yaml")["document"]
    doc["evidence"][0]["note"] = "Is it? Yes: a note with # and 'quotes', \"double\" ones, {braces} & [brackets]"
    r = client.post("/api/v1/scenario", json={"path": "korea-copy.yaml", "document": doc})
    assert r.status_code == 201, r.text
    assert _open(client, "korea-copy.yaml")["document"] == doc
    assert rp_load(folder / "korea-copy.yaml") == rp_load(EXAMPLE).replace(evidence=rp_load(
        folder / "korea-copy.yaml").evidence)


def test_an_edited_note_with_any_characters_saves(client, folder):
    opened = _open(client, "harbour.yaml")
    opened["document"]["evidence"][0]["note"] = "what? x: y, {z} # not a comment"
    r = client.put("/api/v1/scenario", params={"path": "harbour.yaml"},
                   json={"document": opened["document"], "version": opened["version"]})
    assert r.status_code == 200, r.text
    assert _open(client, "harbour.yaml")["document"] == opened["document"]
