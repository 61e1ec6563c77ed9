package dev.authlab.authz.rbac;

import static dev.authlab.authz.rbac.Fixtures.verbs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import org.junit.jupiter.api.Test;

/** Upstream rbacv1helpers.CompactString: the one-line rule form in escalation errors, fields in a fixed order, lists as Go's %q. */
class CompactStringTest {

  @Test
  void resourceRuleListsGroupsResourcesAndVerbs() {
    assertThat(Rules.compactString(verbs("get", "list").groups("apps").resources("deployments").rule()))
        .isEqualTo("{APIGroups:[\"apps\"], Resources:[\"deployments\"], Verbs:[\"get\" \"list\"]}");
  }

  @Test
  void coreGroupIsAnEmptyQuotedString() {
    assertThat(Rules.compactString(verbs("get").groups("").resources("pods").rule()))
        .isEqualTo("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\"]}");
  }

  @Test
  void fieldsComeInUpstreamOrderWithResourceNamesBeforeVerbs() {
    PolicyRule rule = verbs("get").groups("g").resources("r").names("n").urls("/u").rule();
    assertThat(Rules.compactString(rule))
        .isEqualTo("{APIGroups:[\"g\"], Resources:[\"r\"], NonResourceURLs:[\"/u\"], ResourceNames:[\"n\"], Verbs:[\"get\"]}");
  }

  @Test
  void urlRuleHasOnlyUrlsAndVerbs() {
    assertThat(Rules.compactString(verbs("get").urls("/healthz", "/livez").rule()))
        .isEqualTo("{NonResourceURLs:[\"/healthz\" \"/livez\"], Verbs:[\"get\"]}");
  }

  @Test
  void emptyFieldsAreLeftOutAndAnEmptyRuleIsBraces() {
    assertThat(Rules.compactString(verbs().rule())).isEqualTo("{}");
    assertThat(Rules.compactString(verbs().groups("").resources("pirates").rule())).isEqualTo("{APIGroups:[\"\"], Resources:[\"pirates\"]}");
  }

  @Test
  void valuesAreQuotedLikeGo() {
    assertThat(Rules.compactString(verbs("a\"b", "c\\d", "tab\there", "né").rule()))
        .isEqualTo("{Verbs:[\"a\\\"b\" \"c\\\\d\" \"tab\\there\" \"né\"]}");
  }
}
