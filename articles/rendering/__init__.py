"""What visitors see of an article, rendered when it changes rather than on
every view and stored with the release it was rendered with: the content
section and the page's ``<head>`` additions (``content``), the card that
lists show (``cards``), and the JSON-LD (``structured_data``)."""
