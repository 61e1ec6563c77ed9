package dev.authlab.authn.oidc;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.checker.CelStandardDeclarations;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelStandardFunctions;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The CEL side of structured authentication, as k8s.io/apiserver/pkg/authentication/cel does it: two
 * environments, one with {@code claims} (map of string to dyn) and one with {@code user}
 * (kubernetes.UserInfo: username, uid, groups, extra), the Kubernetes-ish libraries (strings, sets,
 * optionals, math, encoders, two-variable comprehensions, cross-type numeric comparisons, homogeneous
 * literals), compile-time return type checks and cel-go's error texts. Expressions compile once, when
 * the authenticator is built.
 */
final class CelExpressions {

  static final String CLAIMS = "claims";
  static final String USER = "user";

  private CelExpressions() {}

  /** A compiled expression: its source, checked AST and program. */
  record Compiled(String expression, CelAbstractSyntaxTree ast, CelRuntime.Program program) {

    /** Evaluates with one variable bound; failures carry cel-go's wording. */
    Object eval(String variable, Object value) throws EvalException {
      try {
        return program.eval(Map.of(variable, value));
      } catch (CelEvaluationException e) {
        throw new EvalException("expression '" + expression + "' resulted in error: " + celGoError(e));
      } catch (RuntimeException e) {
        throw new EvalException("expression '" + expression + "' resulted in error: " + e.getMessage());
      }
    }
  }

  /** A compile failure, already worded as the validation detail ("compilation failed: …"). */
  static final class CompileException extends Exception {
    CompileException(String detail) {
      super(detail);
    }
  }

  /** An evaluation failure, worded like cel-go via the authenticator's mapper. */
  static final class EvalException extends Exception {
    EvalException(String message) {
      super(message);
    }
  }

  /** What an expression must evaluate to, checked at compile time against the AST's output type. */
  enum ReturnType {
    ANY,
    BOOL
  }

  static Compiled compileClaims(String expression, ReturnType returnType) throws CompileException {
    return compile(Environments.INSTANCE.claims, expression, returnType);
  }

  static Compiled compileUser(String expression, ReturnType returnType) throws CompileException {
    return compile(Environments.INSTANCE.user, expression, returnType);
  }

  private static Compiled compile(Cel cel, String expression, ReturnType returnType) throws CompileException {
    CelAbstractSyntaxTree ast;
    try {
      ast = cel.compile(expression).getAst();
    } catch (CelValidationException e) {
      throw new CompileException("compilation failed: " + celGoIssues(e.getMessage()));
    }
    if (returnType == ReturnType.BOOL && !ast.getResultType().equals(SimpleType.BOOL)) {
      throw new CompileException("must evaluate to bool");
    }
    try {
      return new Compiled(expression, ast, cel.createProgram(ast));
    } catch (CelEvaluationException e) {
      throw new CompileException("program instantiation failed: " + e.getMessage());
    }
  }

  /** cel-go lists no overload candidates in its checker messages. */
  private static String celGoIssues(String message) {
    return message.replaceAll(" \\(candidates: [^\\n]*\\)", "");
  }

  private static final Pattern NO_KEY = Pattern.compile("key '(.*)' is not present in map\\.?");
  private static final Pattern LOCATION = Pattern.compile("^evaluation error at [^:]*:\\d+: ");

  /** Maps CEL-Java's runtime messages onto cel-go's for the errors expressions commonly hit. */
  static String celGoError(CelEvaluationException e) {
    String message = LOCATION.matcher(e.getMessage() == null ? "" : e.getMessage()).replaceFirst("");
    Matcher noKey = NO_KEY.matcher(message);
    if (noKey.matches()) {
      return "no such key: " + noKey.group(1);
    }
    if (message.contains("/ by zero")) {
      return "division by zero";
    }
    if (message.startsWith("No matching overload")) {
      return "no such overload";
    }
    return message;
  }

  /**
   * Whether the expression selects {@code operand.field} anywhere (plain, {@code has()} or optional
   * {@code operand.?field}); upstream uses it to insist that claims.email_verified is consulted whenever
   * a username expression reads claims.email.
   */
  static boolean selects(CelAbstractSyntaxTree ast, String operand, String field) {
    return selects(ast.getExpr(), operand, field);
  }

  private static boolean selects(CelExpr expr, String operand, String field) {
    switch (expr.getKind()) {
      case SELECT: {
        CelExpr.CelSelect select = expr.select();
        if (isIdent(select.operand(), operand) && select.field().equals(field)) {
          return true;
        }
        return selects(select.operand(), operand, field);
      }
      case CALL: {
        CelExpr.CelCall call = expr.call();
        if (call.target().isEmpty() && call.function().equals("_?._") && call.args().size() == 2
            && isIdent(call.args().get(0), operand) && isConstString(call.args().get(1), field)) {
          return true;
        }
        for (CelExpr arg : call.args()) {
          if (selects(arg, operand, field)) {
            return true;
          }
        }
        return call.target().map(t -> selects(t, operand, field)).orElse(false);
      }
      case LIST:
        for (CelExpr element : expr.list().elements()) {
          if (selects(element, operand, field)) {
            return true;
          }
        }
        return false;
      case MAP:
        for (CelExpr.CelMap.Entry entry : expr.map().entries()) {
          if (selects(entry.key(), operand, field) || selects(entry.value(), operand, field)) {
            return true;
          }
        }
        return false;
      case STRUCT:
        for (CelExpr.CelStruct.Entry entry : expr.struct().entries()) {
          if (selects(entry.value(), operand, field)) {
            return true;
          }
        }
        return false;
      case COMPREHENSION: {
        CelExpr.CelComprehension c = expr.comprehension();
        return selects(c.iterRange(), operand, field) || selects(c.accuInit(), operand, field)
            || selects(c.loopCondition(), operand, field) || selects(c.loopStep(), operand, field)
            || selects(c.result(), operand, field);
      }
      default:
        return false;
    }
  }

  private static boolean isIdent(CelExpr expr, String name) {
    return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(name);
  }

  private static boolean isConstString(CelExpr expr, String value) {
    return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
        && expr.constant().getKind() == dev.cel.common.ast.CelConstant.Kind.STRING_VALUE
        && expr.constant().stringValue().equals(value);
  }

  // ---------------------------------------------------------------- values

  /**
   * A JSON claim as the claims variable sees it: objects become maps (with escaped-name lookups),
   * arrays lists, integral numbers that fit int64 become int and other numbers double (what
   * Kubernetes' unstructured conversion does), null becomes CEL null.
   */
  static Object fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), fromJson(e.getValue())));
      return new UnescapingMap(map);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(element -> list.add(fromJson(element)));
      return Collections.unmodifiableList(list);
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return node.longValue();
      }
      return node.doubleValue();
    }
    return node.stringValue();
  }

  /** The user variable: username, uid, groups and extra always present (empty when unset). */
  static Object userValue(dev.authlab.authn.UserInfo user) {
    Map<String, Object> extra = new LinkedHashMap<>();
    user.extra().forEach((k, v) -> extra.put(k, List.copyOf(v)));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("username", user.name());
    map.put("uid", user.uid());
    map.put("groups", List.copyOf(user.groups()));
    map.put("extra", new UnescapingMap(extra));
    return new UnescapingMap(map);
  }

  /**
   * A read-only map whose lookups also accept CEL-escaped names ({@code example__dot__org__slash__foo}
   * for {@code example.org/foo}), so field selection works on keys that are not identifiers. When a
   * key unescapes to something else, only the unescaped name is looked up, as upstream does.
   */
  static final class UnescapingMap extends AbstractMap<String, Object> {
    private final Map<String, Object> entries;

    UnescapingMap(Map<String, Object> entries) {
      this.entries = Collections.unmodifiableMap(entries);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return entries.entrySet();
    }

    @Override
    public Object get(Object key) {
      return entries.get(lookupKey(key));
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(lookupKey(key));
    }

    private static Object lookupKey(Object key) {
      if (key instanceof String s) {
        return unescape(s).orElse(s);
      }
      return key;
    }
  }

  private static final Pattern ESCAPE = Pattern.compile("(_{2}[^_]+_{2})");
  private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const", "continue",
      "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while");

  /** apiserver's cel.Unescape; empty when the name has no (valid) escapes. */
  static Optional<String> unescape(String escaped) {
    Matcher m = ESCAPE.matcher(escaped);
    StringBuilder out = new StringBuilder();
    boolean changed = false;
    while (m.find()) {
      String match = m.group(1);
      String contents = match.substring(2, match.length() - 2);
      String replacement;
      switch (contents) {
        case "underscores": replacement = "__"; break;
        case "dot": replacement = "."; break;
        case "dash": replacement = "-"; break;
        case "slash": replacement = "/"; break;
        default:
          if (RESERVED.contains(contents) && match.length() == escaped.length()) {
            replacement = contents;
          } else {
            return Optional.empty();
          }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      changed = true;
    }
    if (!changed) {
      return Optional.empty();
    }
    m.appendTail(out);
    String name = out.toString();
    return name.equals(escaped) ? Optional.empty() : Optional.of(name);
  }

  // ---------------------------------------------------------------- environments

  /** The two environments, built once on first use and immutable afterwards. */
  private static final class Environments {
    static final Environments INSTANCE = new Environments();

    final Cel claims;
    final Cel user;

    private Environments() {
      claims = build(CLAIMS, MapType.create(SimpleType.STRING, SimpleType.DYN), Optional.empty());
      StructType userType = userType();
      user = build(USER, userType, Optional.of(userType));
    }

    private static StructType userType() {
      Map<String, CelType> fields = new LinkedHashMap<>();
      fields.put("username", SimpleType.STRING);
      fields.put("uid", SimpleType.STRING);
      fields.put("groups", ListType.create(SimpleType.STRING));
      fields.put("extra", MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)));
      return StructType.create("kubernetes.UserInfo", ImmutableSet.copyOf(fields.keySet()), name -> Optional.ofNullable(fields.get(name)));
    }

    private static Cel build(String variable, CelType type, Optional<StructType> struct) {
      CelOptions options = CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .enableOptionalSyntax(true)
          .enableHomogeneousLiterals(true)
          .build();
      var builder = CelFactory.standardCelBuilder()
          .setOptions(options)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          // cel-go prints string(double) with %g ("1", "1e+06"); swap in that rendering
          .setStandardEnvironmentEnabled(false)
          .setStandardDeclarations(CelStandardDeclarations.newBuilder().build())
          .setStandardFunctions(CelStandardFunctions.newBuilder()
              .filterFunctions((function, overload) -> !overload.toString().equals("DOUBLE_TO_STRING"))
              .build())
          .addFunctionBindings(CelFunctionBinding.from("double_to_string", Double.class, GoText::formatG))
          .addVar(variable, type)
          .addCompilerLibraries(CelExtensions.optional(), CelExtensions.strings(), CelExtensions.sets(options),
              CelExtensions.math(options), CelExtensions.encoders(options), CelExtensions.comprehensions())
          .addRuntimeLibraries(CelExtensions.optional(), CelExtensions.strings(), CelExtensions.sets(options),
              CelExtensions.math(options), CelExtensions.encoders(options), CelExtensions.comprehensions());
      struct.ifPresent(s -> builder.setTypeProvider(new CelTypeProvider() {
        @Override
        public ImmutableCollection<CelType> types() {
          return ImmutableList.of(s);
        }

        @Override
        public Optional<CelType> findType(String name) {
          return name.equals(s.name()) ? Optional.of(s) : Optional.empty();
        }
      }));
      return builder.build();
    }
  }
}
