"""Keyboard and page helpers shared by the browser tests."""

import re
from collections.abc import Callable

import pytest

# The focused element's accessible name, close enough for links, buttons and inputs.
ACTIVE_ELEMENT_NAME_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const norm = (s) => (s || "").replace(/\\s+/g, " ").trim();
  if (el.getAttribute("aria-label")) return norm(el.getAttribute("aria-label"));
  const by = el.getAttribute("aria-labelledby");
  if (by) {
    return norm(by.split(/\\s+/).map((id) => document.getElementById(id)?.textContent).join(" "));
  }
  if (el.labels && el.labels.length) return norm(el.labels[0].textContent);
  return norm(el.innerText || el.textContent || el.value || el.title);
}"""

# The properties GOV.UK Frontend changes to show focus.
FOCUS_STYLE_JS = """(el) => {
  const s = getComputedStyle(el);
  return {
    outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    outlineStyle: s.outlineStyle,
    outlineWidth: parseFloat(s.outlineWidth) || 0,
    outlineColor: s.outlineColor,
    boxShadow: s.boxShadow,
    backgroundColor: s.backgroundColor,
    color: s.color,
    textDecoration: s.textDecorationLine + " " + s.textDecorationThickness,
  };
}"""


def focused_name(page) -> str | None:
    return page.evaluate(ACTIVE_ELEMENT_NAME_JS)


def tab_to(page, name: str | re.Pattern, *, backwards: bool = False, max_presses: int = 80) -> str:
    """Press Tab (or Shift+Tab) until the focused element's name matches ``name``.

    ``name`` is an exact string (whitespace-normalised) or a compiled regex. Fails,
    listing what was focused on the way, after ``max_presses`` presses. Returns the
    matched name. Does not press Enter: see ``tab_to_and_follow``.
    """
    key = "Shift+Tab" if backwards else "Tab"
    matches: Callable[[str], bool] = (
        (lambda text: bool(name.search(text)))
        if isinstance(name, re.Pattern)
        else (lambda text: text == name)
    )
    seen = []
    for _ in range(max_presses):
        page.keyboard.press(key)
        current = focused_name(page) or "<body>"
        if matches(current):
            return current
        seen.append(current)
    pytest.fail(
        f"{key} pressed {max_presses} times on {page.url} without focusing {name!r}. "
        f"Focused, in order: {seen}",
        pytrace=False,
    )


def tab_to_and_follow(page, name: str | re.Pattern, **kwargs) -> str:
    """Tab to the link named ``name`` and press Enter, waiting for the new page to load."""
    matched = tab_to(page, name, **kwargs)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return matched


def h1_text(page) -> str:
    # A click can return once the new URL commits, before its document has parsed.
    page.wait_for_load_state()
    headings = page.locator("h1")
    assert headings.count() == 1, f"{page.url} has {headings.count()} <h1> elements"
    return " ".join(headings.inner_text().split())


def _is_transparent(css_color: str) -> bool:
    """True for 'transparent' and for rgba()/rgb() colours with zero alpha."""
    if css_color == "transparent":
        return True
    match = re.fullmatch(r"rgba?\((.*)\)", css_color.strip())
    if not match:
        return False
    parts = re.split(r"[\s,/]+", match.group(1).strip())
    return len(parts) == 4 and float(parts[3].rstrip("%")) == 0


def assert_focus_is_visible(page) -> None:
    """The focused element looks different from its unfocused self, in a visible way.

    Records the focused element's styles, moves focus away with Shift+Tab, records
    them again, then Tabs back (checking focus returned to the same element).
    """
    focused = page.evaluate_handle("document.activeElement")
    name = focused_name(page)
    with_focus = focused.evaluate(FOCUS_STYLE_JS)
    page.keyboard.press("Shift+Tab")
    assert not focused.evaluate("(el) => el === document.activeElement"), "Shift+Tab kept focus"
    without_focus = focused.evaluate(FOCUS_STYLE_JS)
    page.keyboard.press("Tab")
    assert focused.evaluate("(el) => el === document.activeElement"), (
        f"Tab did not return focus to {name!r}"
    )

    changed = {key for key in with_focus if with_focus[key] != without_focus[key]}
    assert changed, f"{name!r} on {page.url} looks the same focused and unfocused: {with_focus}"
    has_outline = (
        with_focus["outlineStyle"] != "none"
        and with_focus["outlineWidth"] > 0
        and not _is_transparent(with_focus["outlineColor"])
        and with_focus["outline"] != without_focus["outline"]
    )
    has_indicator = (
        has_outline
        or with_focus["boxShadow"] not in ("none", without_focus["boxShadow"])
        or with_focus["backgroundColor"] != without_focus["backgroundColor"]
    )
    assert has_indicator, (
        f"{name!r} on {page.url} has no visible focus indicator (outline, box-shadow or "
        f"background) - focused: {with_focus}, unfocused: {without_focus}"
    )


# A short description of the focused element, for failure messages.
ACTIVE_ELEMENT_DESCRIPTION_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "<body>";
  let text = el.tagName.toLowerCase();
  if (el.id) text += "#" + el.id;
  else if (el.getAttribute("name")) text += `[name="${el.getAttribute("name")}"]`;
  if (el.type === "radio" || el.type === "checkbox") text += `[value="${el.value}"]`;
  const label = (el.innerText || "").replace(/\\s+/g, " ").trim().slice(0, 40);
  return label ? `${text} "${label}"` : text;
}"""


def focused_matches(page, selector: str) -> bool:
    """Whether the focused element matches the CSS ``selector``."""
    return page.evaluate(
        "(sel) => !!document.activeElement && document.activeElement.matches(sel)", selector
    )


def tab_to_element(page, selector: str, *, backwards: bool = False, max_presses: int = 400) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches the CSS ``selector``.

    The selector-based twin of ``tab_to``, for form fields whose accessible names repeat
    (every domain page has many "Evidence note" boxes). Fails, listing the last elements
    focused on the way, after ``max_presses`` presses.
    """
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(max_presses):
        page.keyboard.press(key)
        if focused_matches(page, selector):
            return
        seen.append(page.evaluate(ACTIVE_ELEMENT_DESCRIPTION_JS))
    pytest.fail(
        f"{key} pressed {max_presses} times on {page.url} without focusing {selector!r}. "
        f"Last focused: {seen[-30:]}",
        pytrace=False,
    )


def sign_in(page, base_url: str, username: str, password: str, next_path: str = "/") -> None:
    """Sign in through the login form (with the mouse: for tests that are not about it)."""
    page.goto(f"{base_url}/accounts/login/?next={next_path}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/accounts/login/" not in page.url, f"signing in as {username} failed: {page.url}"


def sign_out(page) -> None:
    """Sign out with the service navigation's "Sign out" button (a POST form)."""
    with page.expect_navigation():
        page.locator(".govuk-service-navigation").get_by_role(
            "button", name=re.compile(r"^Sign out")
        ).click()
    assert (
        page.locator(".govuk-service-navigation").get_by_role("link", name="Sign in").count() == 1
    ), f"still signed in after signing out: {page.url}"


# Accessibility (axe-core) --------------------------------------------------------------------

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def describe(violations: list[dict], label: str, url: str) -> list[str]:
    """One readable block per violation: rule, impact, summary and the failing nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {label} ({url}): [{violation['id']}] ({violation.get('impact')}) "
            f"{violation['help']} <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    target: {target}\n      html: {node['html'][:200]}\n      {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more elements")
    return lines


def wait_for_error_summary_focus(page) -> None:
    """GOV.UK Frontend's ErrorSummary focuses itself once initialised."""
    page.wait_for_function(
        "document.activeElement?.classList.contains('govuk-error-summary')", timeout=5_000
    )
