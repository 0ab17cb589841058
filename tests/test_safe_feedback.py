"""coursekit.preprocessors.safe_feedback: no live student HTML, maths as MathML."""
import nbformat

from coursekit.preprocessors.safe_feedback import SafeFeedback, markdown_without_html, safe_output


def test_markdown_tags_show_as_text_and_maths_become_mathml():
    out = markdown_without_html("a <script>x</script> $x<y$ and $$\\frac{a}{b}$$ <img src=x onerror=alert(1)>")
    assert "<script" not in out and "<img" not in out and "&lt;script>" in out
    assert out.count("<math") == 2 and 'display="block"' in out and "$" not in out


def test_outputs_keep_text_and_images_only():
    html_only = {"output_type": "display_data", "data": {"text/html": "<script>alert(1)</script>"}, "metadata": {}}
    safe_output(html_only)
    assert html_only["data"] == {"text/plain": "<script>alert(1)</script>"}  # shown escaped, as text
    rich = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
            "data": {"text/plain": "x", "application/javascript": "alert(1)", "image/png": "iVBOR",
                     "image/svg+xml": "<svg onload=alert(1)/>"}}
    safe_output(rich)
    assert set(rich["data"]) == {"text/plain", "image/png"}


def test_the_step_cleans_a_whole_notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"x": "</script><script>"}}
    nb.cells = [nbformat.v4.new_markdown_cell("<b onclick=x>$a$</b>"), nbformat.v4.new_code_cell("1")]
    nb.cells[1].outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<i>hi</i>"})]
    nb, _ = SafeFeedback().preprocess(nb, {})
    assert "widgets" not in nb.metadata
    assert nb.cells[0].source.startswith("&lt;b onclick=x><math")
    assert nb.cells[1].outputs[0].data == {"text/plain": "<i>hi</i>"}
