/**
 * Pictures of what the kit explains, for people who would rather look than read. Every picture is a
 * {@link dev.authlab.display.Picture}: self-contained HTML (inline styles and SVG, no scripts) for a
 * notebook, plain text for a terminal, and Mermaid source where there is a diagram.
 *
 * <ul>
 *   <li>{@link dev.authlab.display.HtmlTable}: any table of strings;
 *   <li>{@link dev.authlab.display.AuthnTracePicture}: an authentication result, authenticator by authenticator;
 *   <li>{@link dev.authlab.display.DecisionPicture}: an authorization decision, authorizer by authorizer;
 *   <li>{@link dev.authlab.display.RbacGraph}: subjects → bindings → roles → rules, with the path that
 *       grants a request highlighted.
 * </ul>
 *
 * <p>Output is deterministic (the policy's order, sorted maps), so notebook outputs and tests are stable.
 */
package dev.authlab.display;
