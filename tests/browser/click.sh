#!/bin/sh
# Stands in for a web browser in the tests ($BROWSER): "clicks" the URL it is
# given by fetching it and following the authorization page's redirect to the
# driver's callback server, as a browser would after the user approved.
exec curl --silent --show-error --location --max-redirs 3 --max-time 30 --output /dev/null "$1"
