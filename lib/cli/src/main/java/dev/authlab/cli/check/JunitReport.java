package dev.authlab.cli.check;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters): one testsuite "authlab
 * check", one testcase per check named "SUBJECT: CHECK", and for a failed check a failure whose
 * message and text are the verdict's summary and explanation. Built with the JDK's DOM so every value is escaped.
 */
public final class JunitReport {

  public static final String SUITE_NAME = "authlab check";

  private JunitReport() {}

  public static void write(Path file, List<Outcome> outcomes) {
    Document xml = render(outcomes);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
        transformer.transform(new DOMSource(xml), new StreamResult(out));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the JUnit report " + file + ": " + e.getMessage(), e);
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot render the JUnit report: " + e.getMessage(), e);
    }
  }

  static Document render(List<Outcome> outcomes) {
    Document xml;
    try {
      xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML builder is unavailable", e);
    }
    long failures = outcomes.stream().filter(o -> !o.passed()).count();
    Element suites = xml.createElement("testsuites");
    suites.setAttribute("name", SUITE_NAME);
    suites.setAttribute("tests", String.valueOf(outcomes.size()));
    suites.setAttribute("failures", String.valueOf(failures));
    suites.setAttribute("errors", "0");
    xml.appendChild(suites);
    Element suite = xml.createElement("testsuite");
    suite.setAttribute("name", SUITE_NAME);
    suite.setAttribute("tests", String.valueOf(outcomes.size()));
    suite.setAttribute("failures", String.valueOf(failures));
    suite.setAttribute("errors", "0");
    suite.setAttribute("skipped", "0");
    suite.setAttribute("time", "0");
    suites.appendChild(suite);
    for (Outcome outcome : outcomes) {
      Check check = outcome.check();
      Element testcase = xml.createElement("testcase");
      testcase.setAttribute("classname", SUITE_NAME + "." + check.subject().label());
      testcase.setAttribute("name", check.subject().label() + ": " + check.text());
      testcase.setAttribute("time", "0");
      if (!outcome.passed()) {
        String explanation = String.join("\n", outcome.lines());
        Element failure = xml.createElement("failure");
        failure.setAttribute("message", explanation);
        failure.setAttribute("type", check.kind().key());
        failure.setTextContent(explanation);
        testcase.appendChild(failure);
      }
      suite.appendChild(testcase);
    }
    return xml;
  }
}
