// Builds the apiodbc connection string for Stripe from the dialog's attributes.
// API key: the key travels under PWD, the key the driver reads as its secret.
// OAuth: Tableau runs the Stripe Connect sign-in (oauthConfig.xml) and hands over
// ACCESSTOKEN, which acts for the account that signed in; the driver uses it as given.
(function dsbuilder(attr) {
    var params = {};
    params["Provider"] = "stripe";
    // Tableau sends the same metadata and filter queries again and again: answer repeats
    // from the response cache for five minutes instead of spending API requests on them.
    params["CacheTTL"] = "300";
    if (attr[connectionHelper.attributeAuthentication] == "oauth") {
        params["AuthScheme"] = "OAuth";
        params["InitiateOAuth"] = "OFF";
        params["OAuthAccessToken"] = attr["ACCESSTOKEN"];
    } else {
        params["AuthScheme"] = "APIKey";
        params[connectionHelper.keywordODBCPassword] = attr[connectionHelper.attributePassword];
        if (attr["v-account"]) {
            params["AccountId"] = attr["v-account"];
        }
    }
    if (attr["v-baseurl"]) {
        params["BaseURL"] = attr["v-baseurl"];
    }
    if (attr[connectionHelper.attributeSchema]) {
        params["Schema"] = attr[connectionHelper.attributeSchema];
    }

    var formatted = [connectionHelper.formatKeyValuePair(driverLocator.keywordDriver, driverLocator.locateDriver(attr))];
    for (var key in params) {
        formatted.push(connectionHelper.formatKeyValuePair(key, params[key]));
    }
    return formatted;
})
