"""NLP components: each one a function over the analysed article (``document.Document``)."""
