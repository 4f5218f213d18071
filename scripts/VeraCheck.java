// Checks PDFs with veraPDF's validation model: each file against PDF/A-2a and PDF/UA-1.
// Prints one line per file and flavour (PASS, or FAIL with each failed rule and how often);
// exits 1 when any check fails. Run through scripts/verapdf.sh, which builds the classpath.
import java.io.File;
import java.util.Map;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.RuleId;

public class VeraCheck {
  public static void main(String[] args) throws Exception {
    VeraGreenfieldFoundryProvider.initialise();
    boolean ok = true;
    for (String path : args) {
      for (PDFAFlavour flavour : new PDFAFlavour[] {PDFAFlavour.PDFA_2_A, PDFAFlavour.PDFUA_1}) {
        try (PDFAParser parser = Foundries.defaultInstance().createParser(new File(path), flavour);
            PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false)) {
          ValidationResult result = validator.validate(parser);
          if (result.isCompliant()) {
            System.out.println(path + " " + flavour.getId() + ": PASS");
            continue;
          }
          ok = false;
          System.out.println(path + " " + flavour.getId() + ": FAIL");
          for (Map.Entry<RuleId, Integer> e : result.getFailedChecks().entrySet()) {
            String message = "";
            for (TestAssertion a : result.getTestAssertions()) {
              if (a.getRuleId().equals(e.getKey()) && a.getStatus() == TestAssertion.Status.FAILED) {
                message = a.getMessage();
                break;
              }
            }
            RuleId r = e.getKey();
            System.out.println("  " + r.getClause() + "-" + r.getTestNumber() + " (" + e.getValue() + "x): " + message);
          }
        }
      }
    }
    System.exit(ok ? 0 : 1);
  }
}
