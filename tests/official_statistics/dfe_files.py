"""Small DfE files written by the tests, in the layouts of the real ones (made-up figures)."""

# Explore Education Statistics open data ------------------------------------------------------

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,category,At31_episodes,awaiting_assessment"
)
ENGLAND = "E92000001,England"
EAST = "E12000006,East of England"
HERTS = f"{ENGLAND},{EAST},919,E10000015,Hertfordshire"
WBERKS = f"{ENGLAND},E12000008,South East,869,E06000037,West Berkshire"
CIN = "Children in Need"


def write(tmp_path, name: str, lines: list[str], *, bom: bool = False):
    path = tmp_path / name
    text = "\n".join(lines) + "\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def children_in_need(tmp_path, *, herts_2025="5848", wberks_2025="x", name="cin.csv"):
    return write(
        tmp_path,
        name,
        [
            HEADER,
            f"2025,Reporting year,National,{ENGLAND},,,,,,{CIN},402400,16290",
            f"2025,Reporting year,Regional,{ENGLAND},{EAST},,,,{CIN},40000,c",
            f"2025,Reporting year,Local authority,{HERTS},{CIN},{herts_2025},313",
            f"2024,Reporting year,Local authority,{HERTS},{CIN},5437,192",
            f"2025,Reporting year,Local authority,{WBERKS},{CIN},{wberks_2025},c",
            f"2025,Reporting year,Local authority district,{ENGLAND},,,,,,{CIN},12,1",
        ],
    )


# Statistical neighbours ---------------------------------------------------------------------

NUMBERS = list(range(801, 813))  # twelve made-up authorities
HEADER_2021 = "LA num,LA Name,LA number,GOInd,GOReg," + ",".join(
    f"SN{rank},SNP" for rank in range(1, 11)
)
HEADER_2025 = "old_la_code,la_name,region_ind,region_name," + ",".join(
    f"SN_{rank},SN_{rank}P" for rank in range(1, 11)
)
CLOSENESS = ["Extremely Close"] * 2 + ["Very Close"] * 3 + ["Close"] * 3 + ["Not Close"] * 2


def neighbours_of(number: int) -> list[int]:
    """The next ten authorities round the list: never the authority itself, never twice."""
    start = NUMBERS.index(number)
    return [NUMBERS[(start + step) % len(NUMBERS)] for step in range(1, 11)]


def file_2021(tmp_path, *, closeness=CLOSENESS, numbers=NUMBERS, extra: list[str] = ()):
    lines = [HEADER_2021 + ","]  # the real file ends every line with a comma
    for number in numbers:
        pairs = ",".join(f"{n},{c}" for n, c in zip(neighbours_of(number), closeness, strict=True))
        lines.append(f"{number},Authority {number},{number},6,South East,{pairs},")
    lines += ["," * 25, ",Old SNs:" + "," * 24, "," * 25, *extra]
    path = tmp_path / "sn_2021.csv"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def file_2025(tmp_path, *, numbers=NUMBERS):
    lines = [HEADER_2025]
    for number in numbers:
        pairs = ",".join(f"{n},Close " for n in neighbours_of(number))  # as published: a space
        lines.append(f"{number},Authority {number},6,South East,{pairs}")
    path = tmp_path / "sn_2025.csv"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path
