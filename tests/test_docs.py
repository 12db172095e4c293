"""The README documents every command and every option of `faultlines analyze`."""

from pathlib import Path

from faultlines.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_docs_every_command_in_readme():
    for name, command in main.commands.items():
        assert f"faultlines {name}" in README, name
        for sub in getattr(command, "commands", {}):
            assert sub in README, f"{name} {sub}"


def test_docs_every_analyze_option_in_readme():
    for param in main.commands["analyze"].params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert opt in README, opt


def test_docs_readme_starts_with_the_two_commands():
    first_block = README.split("```bash", 1)[1].split("```", 1)[0]
    assert first_block.strip().splitlines()[0].startswith("make demo")
    assert first_block.strip().splitlines()[1].startswith("make test")
