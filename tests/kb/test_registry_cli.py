"""`faultlines registry`: list, show, check, add."""

from click.testing import CliRunner

from faultlines.cli import main


def run(*args):
    return CliRunner().invoke(main, ["registry", *args])


def test_registry_show_by_alias():
    result = run("show", "ISKP")
    assert result.exit_code == 0
    assert "id: isis-k" in result.output and "parents:\n- islamic-state" in result.output


def test_registry_list_filters_by_kind_and_country():
    lines = run("list", "--kind", "faction", "--country", "AF").output.splitlines()
    ids = {line.split()[0] for line in lines}
    assert {"haqqani-network", "taliban-kandahar-faction"} <= ids
    assert all(" faction " in line for line in lines)


def test_registry_add_then_analyze_with_it(tmp_path):
    mine = tmp_path / "mine.yaml"
    result = run("add", "kunar-militia", "--name", "Kunar Valley Militia", "--kind", "armed_group",
                 "--alias", "KVM", "--parent", "taliban", "--country", "af", "--registry", str(mine))
    assert result.exit_code == 0, result.output
    assert "ok:" in run("check", "--registry", str(mine)).output
    doc = tmp_path / "note.txt"
    doc.write_text("Note\n\nThe KVM clashed with ISIS-K in Kunar.\n")
    out = CliRunner().invoke(main, ["analyze", str(doc), "--registry", str(mine), "--no-store", "--format", "json"])
    assert '"kunar-militia"' in out.output


def test_registry_add_refuses_unknown_parent(tmp_path):
    mine = tmp_path / "mine.yaml"
    result = run("add", "x-group", "--name", "X Group", "--kind", "armed_group", "--parent", "nobody",
                 "--registry", str(mine))
    assert result.exit_code == 1 and "unknown actor 'nobody'" in result.output
    assert not mine.exists() and not list(tmp_path.glob("*.tmp"))
