"""The permissions the editorial workflow checks, named once: the workflow,
translations, the admin and the staff inbox ask for these."""

ADD = "articles.add_article"
CHANGE = "articles.change_article"
SUBMIT = "articles.submit_article"
APPROVE = "articles.approve_article"
PUBLISH = "articles.publish_article"
