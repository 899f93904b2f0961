"""What an article's body and images become when it is saved: the page's
HTML with its outline (``prepare``), the content checks shown to staff
(``checks``), and the image renditions (``images``)."""
