package dev.authlab.authz.rbac;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may make a request? Upstream's subject locator: the system:masters group always, then the
 * subjects of every ClusterRoleBinding, and of every RoleBinding in the request's namespace, whose
 * role has a rule allowing the request. The user in the attributes is ignored.
 */
public final class WhoCan {

  private final RbacPolicy policy;

  public WhoCan(RbacPolicy policy) {
    this.policy = policy;
  }

  /** One way a subject is granted the request. {@code binding} is empty for the built-in system:masters. */
  public record Grant(Subject subject, Optional<BindingRef> binding, int ruleIndex, Optional<PolicyRule> rule) {
    public String via() {
      return binding.map(b -> b.shortName() + " -> " + b.roleShortName()).orElse("built in: the API server allows system:masters everything");
    }
  }

  /** The grants found, one per subject and binding, and errors met resolving roles. */
  public record Result(List<Grant> grants, List<String> errors) {
    public Result {
      grants = List.copyOf(grants);
      errors = List.copyOf(errors);
    }

    /** Distinct subjects, in the order found. */
    public List<Subject> subjects() {
      List<Subject> subjects = new ArrayList<>();
      for (Grant grant : grants) {
        if (!subjects.contains(grant.subject())) {
          subjects.add(grant.subject());
        }
      }
      return subjects;
    }
  }

  public Result find(Attributes attributes) {
    List<Grant> grants = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    grants.add(
        new Grant(
            new SubjectBuilder().withKind(Subjects.GROUP).withApiGroup(EscalationCheck.RBAC_GROUP).withName(UserInfo.SYSTEM_PRIVILEGED_GROUP).build(),
            Optional.empty(),
            -1,
            Optional.empty()));
    Map<String, Optional<Integer>> allowingRule = new HashMap<>();
    for (ClusterRoleBinding binding : policy.clusterRoleBindings()) {
      Optional<Integer> rule = allowingRule(attributes, binding.getRoleRef(), "", allowingRule, errors);
      if (rule.isPresent()) {
        for (Subject subject : Rules.orEmpty(binding.getSubjects())) {
          BindingRef ref = BindingRef.of(BindingRef.Kind.ClusterRoleBinding, "", binding.getMetadata().getName(), binding.getRoleRef(), subject);
          grants.add(new Grant(subject, Optional.of(ref), rule.get(), ruleAt(binding.getRoleRef(), "", rule.get())));
        }
      }
    }
    String namespace = attributes.namespace();
    if (!namespace.isEmpty()) {
      for (RoleBinding binding : policy.roleBindings(namespace)) {
        Optional<Integer> rule = allowingRule(attributes, binding.getRoleRef(), namespace, allowingRule, errors);
        if (rule.isPresent()) {
          for (Subject subject : Rules.orEmpty(binding.getSubjects())) {
            BindingRef ref = BindingRef.of(BindingRef.Kind.RoleBinding, namespace, binding.getMetadata().getName(), binding.getRoleRef(), subject);
            grants.add(new Grant(subject, Optional.of(ref), rule.get(), ruleAt(binding.getRoleRef(), namespace, rule.get())));
          }
        }
      }
    }
    return new Result(grants, errors);
  }

  private Optional<Integer> allowingRule(
      Attributes attributes, RoleRef roleRef, String namespace, Map<String, Optional<Integer>> cache, List<String> errors) {
    String key = (roleRef == null ? "" : roleRef.getKind() + "\0" + roleRef.getName()) + "\0" + ("Role".equals(roleRef == null ? "" : roleRef.getKind()) ? namespace : "");
    Optional<Integer> cached = cache.get(key);
    if (cached != null) {
      if (cached.isEmpty() && policy.lookup(roleRef, namespace) instanceof RbacPolicy.RoleLookup.Missing missing) {
        errors.add(missing.error());
      }
      return cached;
    }
    Optional<Integer> found = Optional.empty();
    RbacPolicy.RoleLookup lookup = policy.lookup(roleRef, namespace);
    if (lookup instanceof RbacPolicy.RoleLookup.Missing missing) {
      errors.add(missing.error());
    } else {
      List<PolicyRule> rules = ((RbacPolicy.RoleLookup.Found) lookup).rules();
      for (int i = 0; i < rules.size(); i++) {
        if (RuleMatcher.allows(attributes, rules.get(i))) {
          found = Optional.of(i);
          break;
        }
      }
    }
    cache.put(key, found);
    return found;
  }

  private Optional<PolicyRule> ruleAt(RoleRef roleRef, String namespace, int index) {
    if (policy.lookup(roleRef, namespace) instanceof RbacPolicy.RoleLookup.Found found) {
      return Optional.of(found.rules().get(index));
    }
    return Optional.empty();
  }
}
