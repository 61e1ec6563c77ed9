package dev.authlab.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins RequestInfoResolver to upstream's NewRequestInfo (Kubernetes v1.34).
 *
 * <p>The first tables carry every case of upstream's requestinfo_test.go (TestGetAPIRequestInfo,
 * TestGetNonAPIRequestInfo, TestSelectorParsing and the older TestFieldSelectorParsing, which it
 * subsumes), restated in our format and checked on every field rather than upstream's subset. The
 * rest pin corners read off upstream's code: empty segments, decoding, the list-options decode that
 * can drop a name, and what counts as bad input.
 *
 * <p>Table columns, where used: method | url | verb | apiPrefix | apiGroup | apiVersion | namespace
 * | resource | subresource | name | parts (space separated). An empty cell is "".
 */
class RequestInfoResolverTest {

  private final RequestInfoResolver resolver = new RequestInfoResolver();

  // ---------------------------------------------------------------- upstream TestGetAPIRequestInfo

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET    | /api/v1/namespaces                 | list   | api |  | v1 |       | namespaces |  |               | namespaces
          GET    | /api/v1/namespaces/other           | get    | api |  | v1 | other | namespaces |  | other         | namespaces other
          GET    | /api/v1/namespaces/other/pods      | list   | api |  | v1 | other | pods       |  |               | pods
          GET    | /api/v1/namespaces/other/pods/foo  | get    | api |  | v1 | other | pods       |  | foo           | pods foo
          HEAD   | /api/v1/namespaces/other/pods/foo  | get    | api |  | v1 | other | pods       |  | foo           | pods foo
          GET    | /api/v1/pods                       | list   | api |  | v1 |       | pods       |  |               | pods
          HEAD   | /api/v1/pods                       | list   | api |  | v1 |       | pods       |  |               | pods
          PATCH  | /api/v1/namespaces/new-namespace   | patch  | api |  | v1 | new-namespace | namespaces |  | new-namespace | namespaces new-namespace
          """)
  void collectionsListAndNamedObjectsGet(
      String method, String url, String verb, String prefix, String group, String version,
      String namespace, String resource, String subresource, String name, String parts) {
    // Upstream's duplicate rows are folded. The PATCH row comes from an older upstream table that
    // expected namespace ""; the code gives the namespace itself, like the GET row above it.
    assertThat(resolver.resolve(method, url))
        .isEqualTo(expected(url, verb, prefix, group, version, namespace, resource, subresource, name, parts));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET | /api/v1/proxy/namespaces/other/pods/foo                            | proxy | api |  | v1 | other | pods |  | foo | pods foo
          GET | /api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource  | proxy | api |  | v1 | other | pods |  | foo | pods foo subpath not a subresource
          GET | /api/v1/watch/pods                                                 | watch | api |  | v1 |       | pods |  |     | pods
          GET | /api/v1/watch/namespaces/other/pods                                | watch | api |  | v1 | other | pods |  |     | pods
          """)
  void legacyProxyAndWatchPathSegmentsBecomeTheVerb(
      String method, String url, String verb, String prefix, String group, String version,
      String namespace, String resource, String subresource, String name, String parts) {
    assertThat(resolver.resolve(method, url))
        .isEqualTo(expected(url, verb, prefix, group, version, namespace, resource, subresource, name, parts));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET | /api/v1/pods?watch=true                  | watch | api |  | v1 |       | pods |  |  | pods
          GET | /api/v1/pods?watch=false                 | list  | api |  | v1 |       | pods |  |  | pods
          GET | /api/v1/namespaces/other/pods?watch=1    | watch | api |  | v1 | other | pods |  |  | pods
          GET | /api/v1/namespaces/other/pods?watch=0    | list  | api |  | v1 | other | pods |  |  | pods
          """)
  void watchQueryParameterTurnsListIntoWatch(
      String method, String url, String verb, String prefix, String group, String version,
      String namespace, String resource, String subresource, String name, String parts) {
    assertThat(resolver.resolve(method, url))
        .isEqualTo(expected(url, verb, prefix, group, version, namespace, resource, subresource, name, parts));
  }

  @ParameterizedTest(name = "{0} {1} -> {8}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET | /api/v1/namespaces/other/pods/foo/status         | get    | api |  | v1 | other | pods       | status   | foo   | pods foo status
          GET | /api/v1/namespaces/other/pods/foo/proxy/subpath  | get    | api |  | v1 | other | pods       | proxy    | foo   | pods foo proxy subpath
          PUT | /api/v1/namespaces/other/finalize                | update | api |  | v1 | other | namespaces | finalize | other | namespaces other finalize
          PUT | /api/v1/namespaces/other/status                  | update | api |  | v1 | other | namespaces | status   | other | namespaces other status
          """)
  void thirdPartIsTheSubresourceAndNamespacesHaveStatusAndFinalize(
      String method, String url, String verb, String prefix, String group, String version,
      String namespace, String resource, String subresource, String name, String parts) {
    assertThat(resolver.resolve(method, url))
        .isEqualTo(expected(url, verb, prefix, group, version, namespace, resource, subresource, name, parts));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          PATCH  | /api/v1/namespaces/other/pods/foo | patch  | api |  | v1 | other | pods |  | foo | pods foo
          DELETE | /api/v1/namespaces/other/pods/foo | delete | api |  | v1 | other | pods |  | foo | pods foo
          POST   | /api/v1/namespaces/other/pods     | create | api |  | v1 | other | pods |  |     | pods
          """)
  void httpMethodsMapToVerbs(
      String method, String url, String verb, String prefix, String group, String version,
      String namespace, String resource, String subresource, String name, String parts) {
    assertThat(resolver.resolve(method, url))
        .isEqualTo(expected(url, verb, prefix, group, version, namespace, resource, subresource, name, parts));
  }

  // Upstream's table expects apiPrefix "api" for the /apis rows but never checks it; it is "apis".
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          DELETE | /api/v1/nodes                                  | deletecollection | api  |            | v1      |       | nodes      |  |  | nodes
          DELETE | /api/v1/namespaces                             | deletecollection | api  |            | v1      |       | namespaces |  |  | namespaces
          DELETE | /api/v1/namespaces/other/pods                  | deletecollection | api  |            | v1      | other | pods       |  |  | pods
          DELETE | /apis/extensions/v1/namespaces/other/pods      | deletecollection | apis | extensions | v1      | other | pods       |  |  | pods
          POST   | /apis/extensions/v1/namespaces/other/pods      | create           | apis | extensions | v1      | other | pods       |  |  | pods
          POST   | /apis/extensions/v1beta3/namespaces/other/pods | create           | apis | extensions | v1beta3 | other | pods       |  |  | pods
          """)
  void deleteWithoutNameIsDeletecollectionAndApisCarriesTheGroup(
      String method, String url, String verb, String prefix, String group, String version,
      String namespace, String resource, String subresource, String name, String parts) {
    assertThat(resolver.resolve(method, url))
        .isEqualTo(expected(url, verb, prefix, group, version, namespace, resource, subresource, name, parts));
  }

  // ------------------------------------ upstream error cases and TestGetNonAPIRequestInfo (false)

  @ParameterizedTest(name = "GET \"{0}\" is non-resource (apiPrefix \"{1}\")")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /                            | ''
          /api/version/                | ''
          /apis/group/version/         | apis
          /badprefix/version/resource  | ''
          /apis/version/resource       | apis
          /not-api/version/resource    | ''
          /apis/extensions/v1beta1     | apis
          /apis/extensions/v1beta1/    | apis
          /api/version                 | ''
          /api                         | ''
          ''                           | ''
          """)
  void shortOrUnprefixedPathsAreNonResourceRequests(String url, String apiPrefix) {
    // A grouped prefix that turns out too short keeps apiPrefix, as upstream's struct does.
    assertThat(resolver.resolve("GET", url)).isEqualTo(RequestInfo.nonResource(url, "get", apiPrefix));
  }

  // --------------------------------------------------- upstream TestGetNonAPIRequestInfo (true)

  @ParameterizedTest(name = "{0} {1} is a resource request")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET | /api/version/resource                          | list | api  |       | version |  | resource |             |      | resource
          GET | /apis/group/version/resource/name/subresource  | get  | apis | group | version |  | resource | subresource | name | resource name subresource
          GET | /api/version/resource/name/subresource         | get  | api  |       | version |  | resource | subresource | name | resource name subresource
          GET | /apis/batch/v1/job                             | list | apis | batch | v1      |  | job      |             |      | job
          GET | /apis/batch/v1/job/foo                         | get  | apis | batch | v1      |  | job      |             | foo  | job foo
          GET | /apis/batch/v1/job/foo/scale                   | get  | apis | batch | v1      |  | job      | scale       | foo  | job foo scale
          """)
  void prefixedPathsWithResourceAreResourceRequests(
      String method, String url, String verb, String prefix, String group, String version,
      String namespace, String resource, String subresource, String name, String parts) {
    assertThat(resolver.resolve(method, url))
        .isEqualTo(expected(url, verb, prefix, group, version, namespace, resource, subresource, name, parts));
  }

  // ------------------------------------------ upstream TestSelectorParsing (+ TestFieldSelectorParsing)

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no selector                                             | GET    | /apis/group/version/resource                                                                                                 | list             |       |                         |
          metadata.name selector                                  | GET    | /apis/group/version/resource?fieldSelector=metadata.name=name1                                                               | list             | name1 | metadata.name=name1     |
          metadata.name selector with watch                       | GET    | /apis/group/version/resource?watch=true&fieldSelector=metadata.name=name1                                                    | watch            | name1 | metadata.name=name1     |
          random selector                                         | GET    | /apis/group/version/resource?fieldSelector=foo=bar&labelSelector=baz=qux                                                     | list             |       | foo=bar                 | baz=qux
          invalid selector with metadata.name                     | GET    | /apis/group/version/resource?fieldSelector=metadata.name=name1,foo                                                           | list             |       | metadata.name=name1,foo |
          invalid selector with metadata.name with watch          | GET    | /apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=true                                                | watch            |       | metadata.name=name1,foo |
          invalid selector with metadata.name with watch false    | GET    | /apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=false                                               | list             |       | metadata.name=name1,foo |
          selector on deletecollection is honored                 | DELETE | /apis/group/version/resource?fieldSelector=foo=bar&labelSelector=baz=qux                                                     | deletecollection |       | foo=bar                 | baz=qux
          selector on repeated param matches parsed param         | GET    | /apis/group/version/resource?fieldSelector=metadata.name=foo&fieldSelector=metadata.name=bar&labelSelector=foo=bar&labelSelector=foo=baz | list | foo | metadata.name=foo | foo=bar
          selector on other verb is ignored                       | GET    | /apis/group/version/resource/name?fieldSelector=foo=bar&labelSelector=foo=bar                                                | get              | name  |                         |
          selector on deprecated root type watch is not parsed    | GET    | /apis/group/version/watch/resource?fieldSelector=metadata.name=foo&labelSelector=foo=bar                                     | watch            |       |                         |
          selector on deprecated root item watch is not parsed    | GET    | /apis/group/version/watch/resource/name?fieldSelector=metadata.name=foo&labelSelector=foo=bar                                | watch            | name  |                         |
          """)
  void selectorsNameListsAndAreRecordedForListWatchAndDeletecollection(
      String caseName, String method, String url, String verb, String name, String fieldSelector,
      String labelSelector) {
    RequestInfo info = resolver.resolve(method, url);

    assertThat(info.isResourceRequest()).isTrue();
    assertThat(info.verb()).isEqualTo(verb);
    assertThat(info.name()).isEqualTo(nz(name));
    assertThat(info.fieldSelector()).isEqualTo(nz(fieldSelector));
    assertThat(info.labelSelector()).isEqualTo(nz(labelSelector));
  }

  // ------------------------------------------------------------------------ the watch parameter

  @ParameterizedTest(name = "?{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          watch=true               | watch
          watch=TRUE               | watch
          watch=1                  | watch
          watch=false              | list
          watch=FaLsE              | list
          watch=0                  | list
          watch=                   | watch
          watch                    | watch
          watch=no                 | watch
          watch=00                 | watch
          watch=%200               | watch
          watch=false&watch=true   | list
          watch=true&watch=false   | watch
          watch=fal%C5%BFe         | list
          watch=%zz                | list
          watch=1;x=y              | list
          watch=1&x=y;z            | watch
          """)
  void watchIsTrueUnlessTheFirstValueIsZeroOrFalse(String query, String verb) {
    // "" and "no" count as true; "falſe" (long s) counts as false through Unicode case folding;
    // a pair with a bad escape or a ';' is dropped by Go's query parser, as if absent.
    assertThat(resolver.resolve("GET", "/api/v1/pods?" + query).verb()).isEqualTo(verb);
  }

  @Test
  void watchParameterIsIgnoredWhenThePathNamesAnObject() {
    RequestInfo info = resolver.resolve("GET", "/api/v1/namespaces/ns/pods/foo?watch=true");

    assertThat(info.verb()).isEqualTo("get");
    assertThat(info.name()).isEqualTo("foo");
  }

  // --------------------------------------------------------- naming a list by metadata.name

  @ParameterizedTest(name = "?{0} -> {1} name \"{2}\"")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          fieldSelector=metadata.name%3Dfoo                         | list  | foo
          fieldSelector=metadata.name==foo                          | list  | foo
          fieldSelector=metadata.name!=foo                          | list  | ''
          fieldSelector=metadata.name=                              | list  | ''
          fieldSelector=status.phase=Running,metadata.name=foo      | list  | foo
          fieldSelector=metadata.name=foo,metadata.name=bar         | list  | bar
          fieldSelector=metadata.name=aaa,metadata.name==zzz        | list  | zzz
          fieldSelector=metadata.name!=foo,metadata.name=bar        | list  | bar
          fieldSelector=metadata.name=a\\,b                         | list  | 'a,b'
          fieldSelector=metadata.name=a+b                           | list  | a b
          fieldSelector=metadata.name=..                            | list  | ''
          fieldSelector=metadata.name=.                             | list  | ''
          fieldSelector=metadata.name=a%2Fb                         | list  | ''
          fieldSelector=metadata.name=a%2525b                       | list  | ''
          fieldSelector=%20metadata.name=foo                        | list  | ''
          fieldSelector=metadata.name=foo&watch=1                   | watch | foo
          fieldSelector=metadata.name=foo&labelSelector=app%3Dweb   | list  | foo
          fieldSelector=metadata.name=foo&limit=500&timeoutSeconds=30 | list | foo
          fieldSelector=metadata.name=foo&limit=-1                  | list  | foo
          fieldSelector=metadata.name=foo&resourceVersion=abc&continue=x&sendInitialEvents=maybe | list | foo
          """)
  void metadataNameFieldSelectorNamesAListOrWatch(String query, String verb, String name) {
    // Conflicting metadata.name terms: upstream sorts the raw terms and takes the first match, so
    // "metadata.name=bar" beats "...=foo", and "==zzz" beats "=aaa" because '=' sorts before 'a'.
    // Names that are not valid path segments (".", "..", containing '/' or '%') are ignored.
    RequestInfo info = resolver.resolve("GET", "/api/v1/namespaces/ns/pods?" + query);

    assertThat(info.verb()).isEqualTo(verb);
    assertThat(info.name()).isEqualTo(name);
  }

  @ParameterizedTest(name = "?{0} -> {1}, no name")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          fieldSelector=metadata.name=foo&labelSelector=app%3D-web        | list
          fieldSelector=metadata.name=foo&labelSelector=rank>-1           | list
          fieldSelector=metadata.name=foo&labelSelector=a/b/c             | list
          fieldSelector=metadata.name=foo&limit=ten                       | list
          fieldSelector=metadata.name=foo&limit=                          | list
          fieldSelector=metadata.name=foo&limit=99999999999999999999      | list
          fieldSelector=metadata.name=foo&timeoutSeconds=1.5              | list
          fieldSelector=metadata.name=fo\\o                               | list
          fieldSelector=metadata.name=foo\\                               | list
          fieldSelector=metadata.name=foo&labelSelector=app%3D-web&watch=1 | watch
          """)
  void anyUndecodableListOptionDropsTheSelectedNameButKeepsWatch(String query, String verb) {
    // Upstream decodes limit, timeoutSeconds and both selectors in one go; if any fails, it falls
    // back to reading only watch, and the metadata.name it had already found is gone.
    RequestInfo info = resolver.resolve("GET", "/api/v1/namespaces/ns/pods?" + query);

    assertThat(info.verb()).isEqualTo(verb);
    assertThat(info.name()).isEmpty();
  }

  @Test
  void watchValueReadsDifferentlyWhenTheQueryFailsToDecode() {
    // Decoded: case folding makes "falſe" false. Fallback after a bad selector: plain lower-casing
    // does not, so the same watch value now means watch.
    assertThat(resolver.resolve("GET", "/api/v1/pods?watch=fal%C5%BFe").verb()).isEqualTo("list");
    assertThat(resolver.resolve("GET", "/api/v1/pods?fieldSelector=x&watch=fal%C5%BFe").verb()).isEqualTo("watch");
  }

  @Test
  void metadataNameSelectorDoesNotNameADeletecollection() {
    RequestInfo info = resolver.resolve("DELETE", "/api/v1/namespaces/ns/pods?fieldSelector=metadata.name%3Dfoo");

    assertThat(info.verb()).isEqualTo("deletecollection");
    assertThat(info.name()).isEmpty();
    assertThat(info.fieldSelector()).isEqualTo("metadata.name=foo");
  }

  @Test
  void selectorsAreNotRecordedForCreate() {
    RequestInfo info = resolver.resolve("POST", "/api/v1/namespaces/ns/pods?fieldSelector=a%3Db&labelSelector=c");

    assertThat(info.verb()).isEqualTo("create");
    assertThat(info.fieldSelector()).isEmpty();
    assertThat(info.labelSelector()).isEmpty();
  }

  @Test
  void selectorsAreRecordedRawEvenWhenTheyDoNotParse() {
    RequestInfo info =
        resolver.resolve("GET", "/api/v1/pods?fieldSelector=metadata.name%3Dfoo&labelSelector=a%3D-b");

    assertThat(info.name()).isEmpty();
    assertThat(info.fieldSelector()).isEqualTo("metadata.name=foo");
    assertThat(info.labelSelector()).isEqualTo("a=-b");
  }

  // ------------------------------------------------------ label selector syntax (labels.Parse)

  static Stream<String> labelSelectorsUpstreamAccepts() {
    return Stream.of(
        // upstream TestSelectorParse and TestSetSelectorParser, valid inputs
        "x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5",
        "\rx", "this-is-a-dns.domain.com/key-with-dash",
        "this-is-another-dns.domain.com/key-with-dash in (so,what)",
        "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "foo  in\t (abc)", "x notin\n (abc)",
        "x  notin\t\t\t(abc,def)", "x in (abc,def)", "x in (abc,)", "x in ()",
        "x notin (abc,,def),bar,z in (),w", "x,y in (a)", "x=a", "x<7", "x=a,y!=b",
        "x=a,y!=b,z in (h,i,j)", "x notin ( )", "x notin (, a)", "a ", "a in (x,y,notin, z,in)",
        // ours: keywords are plain words where a value is expected; NUL where a token starts ends input
        "notin=in", "in in (in)", "x>007", "x=a \u0000((", "a.b-c.d/E_f.G-h", "x==");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("labelSelectorsUpstreamAccepts")
  void labelSelectorsUpstreamAcceptsParse(String selector) {
    assertThat(LabelSelectorSyntax.problem(selector)).isEmpty();
  }

  static Stream<String> labelSelectorsUpstreamRejects() {
    return Stream.of(
        // upstream TestSelectorParse and TestSetSelectorParser, invalid inputs
        "x=a||y=b", "x==a==b", "!x=a", "x<a", "x,,y", ",x,y", "x nott in (y)", "a in (xyz),",
        "a in (xyz)b notin ()", "a in (xyz abc)", "a notin(", "a (", "(",
        // ours: label rules on keys and values, integers for > and <, NUL inside a token's reach
        "x>-1", "x>+1", "x>", "a/b/c", "/a", "A.B/c", "a/", "-a", "a-", "x=-b", "x=a b", "x in (a b)",
        "a".repeat(64), "x=" + "v".repeat(64), "p".repeat(254) + "/x", "x=a\u0000((", "é", "x=(");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("labelSelectorsUpstreamRejects")
  void labelSelectorsUpstreamRejectsFail(String selector) {
    assertThat(LabelSelectorSyntax.problem(selector)).isPresent();
  }

  @Test
  void labelKeyLimitsAreSixtyThreeForTheNameAndTwoFiftyThreeForThePrefix() {
    assertThat(LabelSelectorSyntax.keyProblem("a".repeat(63))).isEmpty();
    assertThat(LabelSelectorSyntax.keyProblem("a".repeat(64))).isPresent();
    assertThat(LabelSelectorSyntax.keyProblem("p".repeat(253) + "/" + "a".repeat(63))).isEmpty();
    assertThat(LabelSelectorSyntax.keyProblem("p".repeat(254) + "/a")).isPresent();
  }

  // ------------------------------------------------------------- paths, segments and decoding

  @Test
  void emptyNamespaceSegmentMakesANamespacedListClusterWide() {
    assertThat(resolver.resolve("GET", "/api/v1/namespaces//pods"))
        .isEqualTo(info("/api/v1/namespaces//pods", "list", "api", "", "v1", "", "pods", "", "", "pods"));
  }

  @Test
  void emptySegmentShiftsEveryLaterSegmentByOne() {
    // "" becomes the version, "v1" the resource and "pods" the name.
    assertThat(resolver.resolve("GET", "/api//v1/pods"))
        .isEqualTo(info("/api//v1/pods", "get", "api", "", "", "", "v1", "", "pods", "v1 pods"));
  }

  @Test
  void emptyNameSegmentListsWithASubresource() {
    assertThat(resolver.resolve("GET", "/api/v1/pods//log"))
        .isEqualTo(info("/api/v1/pods//log", "list", "api", "", "v1", "", "pods", "log", "", "pods  log"));
  }

  @Test
  void slashesAtBothEndsAreIgnoredButKeptInPath() {
    assertThat(resolver.resolve("GET", "//api/v1/pods//"))
        .isEqualTo(info("//api/v1/pods//", "list", "api", "", "v1", "", "pods", "", "", "pods"));
  }

  @Test
  void percentEncodedSlashSplitsSegmentsBecauseThePathIsDecodedFirst() {
    assertThat(resolver.resolve("GET", "/api/v1/namespaces/a%2Fb/pods"))
        .isEqualTo(info("/api/v1/namespaces/a/b/pods", "get", "api", "", "v1", "a", "b", "", "pods", "b pods"));
  }

  @Test
  void pathIsPercentDecodedButPlusStaysPlus() {
    assertThat(resolver.resolve("GET", "/api/v1/namespaces/default/configmaps/my%20map+v%C3%A9").name())
        .isEqualTo("my map+vé");
  }

  @Test
  void namespaceStatusAndFinalizeAreNamespaceSubresourcesInEveryGroup() {
    // Even a custom resource called "status" in a namespace is read as that namespace's status.
    assertThat(resolver.resolve("GET", "/apis/example.com/v1/namespaces/foo/status"))
        .isEqualTo(
            info("/apis/example.com/v1/namespaces/foo/status", "get", "apis", "example.com", "v1", "foo",
                "namespaces", "status", "foo", "namespaces foo status"));
  }

  @Test
  void legacyWatchPathKeepsSubresourcesAndIgnoresTheMethod() {
    assertThat(resolver.resolve("DELETE", "/api/v1/watch/namespaces/ns/pods/p/status"))
        .isEqualTo(info("/api/v1/watch/namespaces/ns/pods/p/status", "watch", "api", "", "v1", "ns", "pods",
            "status", "p", "pods p status"));
  }

  @Test
  void legacyProxyPathIgnoresTheMethod() {
    assertThat(resolver.resolve("POST", "/api/v1/proxy/nodes/n1/metrics"))
        .isEqualTo(info("/api/v1/proxy/nodes/n1/metrics", "proxy", "api", "", "v1", "", "nodes", "", "n1",
            "nodes n1 metrics"));
  }

  @Test
  void absoluteUrlIsReducedToItsPathAndQuery() {
    assertThat(resolver.resolve("GET", "https://127.0.0.1:6443/api/v1/namespaces/default/pods?watch=1"))
        .isEqualTo(info("/api/v1/namespaces/default/pods", "watch", "api", "", "v1", "default", "pods", "", "", "pods"));
    assertThat(resolver.resolve("GET", "HTTP://example.com")).isEqualTo(RequestInfo.nonResource("", "get", ""));
  }

  @Test
  void fragmentIsCutOffAsAClientWould() {
    assertThat(resolver.resolve("GET", "/api/v1/pods#top"))
        .isEqualTo(info("/api/v1/pods", "list", "api", "", "v1", "", "pods", "", "", "pods"));
  }

  @Test
  void nonResourcePathKeepsTheDecodedPathAndTheLowerCasedMethod() {
    assertThat(resolver.resolve("POST", "/healthz/a%20b?verbose"))
        .isEqualTo(RequestInfo.nonResource("/healthz/a b", "post", ""));
  }

  // ---------------------------------------------------------------------------- methods

  @Test
  void unknownMethodHasNoVerbOnResourcesButItsLowerCaseNameElsewhere() {
    RequestInfo onResource = resolver.resolve("OPTIONS", "/api/v1/pods");
    assertThat(onResource.isResourceRequest()).isTrue();
    assertThat(onResource.verb()).isEmpty();
    assertThat(onResource.resource()).isEqualTo("pods");

    assertThat(resolver.resolve("OPTIONS", "/healthz").verb()).isEqualTo("options");
  }

  @Test
  void methodsAreCaseSensitiveSoLowerCaseGetIsUnknownOnResources() {
    assertThat(resolver.resolve("get", "/api/v1/pods").verb()).isEmpty();
    assertThat(resolver.resolve("delete", "/api/v1/pods/foo").verb()).isEmpty();
    assertThat(resolver.resolve("get", "/version").verb()).isEqualTo("get");
  }

  @ParameterizedTest(name = "method \"{0}\"")
  @ValueSource(strings = {"", "GE T", "GET\n", "GÉT", "G/T", "(GET)"})
  void methodThatIsNotAnHttpTokenIsRejected(String method) {
    assertThatThrownBy(() -> resolver.resolve(method, "/api/v1/pods"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("method")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void missingMethodOrUrlIsRejectedWithoutNullPointerException() {
    assertThatThrownBy(() -> resolver.resolve(null, "/api/v1/pods"))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resolver.resolve("GET", null)).isExactlyInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------------- bad URLs

  @ParameterizedTest(name = "url \"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /api/v1/pods/%zz      | "%zz"
          /api/v1/pods/%4       | "%4"
          /api/v1/pods/%        | "%"
          api/v1/pods           | starting with '/'
          *                     | starting with '/'
          ftp://host/api/v1/pods | starting with '/'
          """)
  void urlThatDoesNotParseIsRejectedWithAOneLineReason(String url, String reason) {
    assertThatThrownBy(() -> resolver.resolve("GET", url))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void rawControlCharacterInUrlIsRejected() {
    assertThatThrownBy(() -> resolver.resolve("GET", "/api/v1/pods\n"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/api/v1/watch", "/api/v1/proxy/", "/apis/apps/v1/watch", "/api/v1/watch?watch=1"})
  void bareLegacyVerbSegmentIsTheErrorUpstreamAnswersWith500(String url) {
    assertThatThrownBy(() -> resolver.resolve("GET", url))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("500");
  }

  @Test
  void legacyVerbWordsAreOrdinaryBelowTheResource() {
    // Only the segment right after the version is special.
    assertThat(resolver.resolve("GET", "/api/v1/namespaces/ns/pods/p/proxy").subresource()).isEqualTo("proxy");
    assertThat(resolver.resolve("GET", "/api/v1/namespaces/watch/pods").namespace()).isEqualTo("watch");
  }

  // ------------------------------------------------------------------- configurable prefixes

  @Test
  void defaultsAreUpstreamsApiAndApisWithApiGroupless() {
    assertThat(resolver.apiPrefixes()).containsExactlyInAnyOrder("api", "apis");
    assertThat(resolver.grouplessApiPrefixes()).containsExactly("api");
  }

  @Test
  void customPrefixesDecideWhatIsAResourceRequest() {
    RequestInfoResolver groupedOnly = new RequestInfoResolver(Set.of("apis"), Set.of());
    assertThat(groupedOnly.resolve("GET", "/api/v1/pods").isResourceRequest()).isFalse();
    assertThat(groupedOnly.resolve("GET", "/apis/apps/v1/deployments").apiGroup()).isEqualTo("apps");

    RequestInfoResolver extra = new RequestInfoResolver(Set.of("api", "apis", "custom"), Set.of("api", "custom"));
    assertThat(extra.resolve("GET", "/custom/v2/things/t1"))
        .isEqualTo(info("/custom/v2/things/t1", "get", "custom", "", "v2", "", "things", "", "t1", "things t1"));
  }

  @Test
  void grouplessPrefixOutsideTheApiPrefixesChangesNothing() {
    RequestInfoResolver odd = new RequestInfoResolver(Set.of("apis"), Set.of("api"));
    assertThat(odd.resolve("GET", "/api/v1/pods").isResourceRequest()).isFalse();
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"/api", "api/", "", "a/b"})
  void prefixThatIsNotOneSegmentIsRejected(String prefix) {
    assertThatThrownBy(() -> new RequestInfoResolver(Set.of(prefix), Set.of()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without slashes");
  }

  // ---------------------------------------------------------------------------------- JSON

  @Test
  void toJsonPrintsUpstreamsFieldsInOrderOnOneLine() {
    assertThat(resolver.resolve("GET", "/api/v1/namespaces/default/pods/foo/status?fieldSelector=a%3Db").toJson())
        .isEqualTo(
            "{\"isResourceRequest\":true,\"path\":\"/api/v1/namespaces/default/pods/foo/status\",\"verb\":\"get\","
                + "\"apiPrefix\":\"api\",\"apiGroup\":\"\",\"apiVersion\":\"v1\",\"namespace\":\"default\","
                + "\"resource\":\"pods\",\"subresource\":\"status\",\"name\":\"foo\","
                + "\"parts\":[\"pods\",\"foo\",\"status\"]}");
  }

  @Test
  void toJsonOfANonResourceRequestHasEmptyFieldsAndNoParts() {
    assertThat(resolver.resolve("HEAD", "/healthz").toJson())
        .isEqualTo(
            "{\"isResourceRequest\":false,\"path\":\"/healthz\",\"verb\":\"head\",\"apiPrefix\":\"\","
                + "\"apiGroup\":\"\",\"apiVersion\":\"\",\"namespace\":\"\",\"resource\":\"\","
                + "\"subresource\":\"\",\"name\":\"\",\"parts\":[]}");
  }

  @Test
  void toJsonEscapesQuotesBackslashesAndControlCharacters() {
    RequestInfo info = resolver.resolve("GET", "/api/v1/namespaces/ns/pods/a%22b%5Cc%0Ad%01e\u00e9");

    assertThat(info.name()).isEqualTo("a\"b\\c\nd\u0001eé");
    assertThat(info.toJson())
        .contains("\"name\":\"a\\\"b\\\\c\\nd\\u0001eé\"")
        .doesNotContain("\n");
  }

  @Test
  void partsCannotBeChangedAfterwards() {
    List<String> parts = new ArrayList<>(List.of("pods", "foo"));
    RequestInfo info = info("/api/v1/pods/foo", "get", "api", "", "v1", "", "pods", "", "foo", "pods foo");
    RequestInfo copy = new RequestInfo(true, info.path(), info.verb(), info.apiPrefix(), info.apiGroup(),
        info.apiVersion(), info.namespace(), info.resource(), info.subresource(), info.name(), parts, "", "");
    parts.add("extra");

    assertThat(copy.parts()).containsExactly("pods", "foo");
    assertThatThrownBy(() -> copy.parts().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  // ------------------------------------------------------------------------------- helpers

  /** The full RequestInfo expected for a table row; the path is the URL without its query. */
  private static RequestInfo expected(
      String url, String verb, String prefix, String group, String version, String namespace,
      String resource, String subresource, String name, String parts) {
    int question = url.indexOf('?');
    String path = question < 0 ? url : url.substring(0, question);
    return info(path, verb, prefix, group, version, namespace, resource, subresource, name, parts);
  }

  private static RequestInfo info(
      String path, String verb, String prefix, String group, String version, String namespace,
      String resource, String subresource, String name, String parts) {
    return new RequestInfo(true, path, nz(verb), nz(prefix), nz(group), nz(version), nz(namespace),
        nz(resource), nz(subresource), nz(name), words(parts), "", "");
  }

  // Parts are separated by single spaces; two spaces in a row stand for an empty segment.
  private static List<String> words(String parts) {
    return parts == null || parts.isBlank() ? List.of() : Arrays.asList(parts.strip().split(" ", -1));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
